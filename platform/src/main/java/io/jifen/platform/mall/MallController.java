package io.jifen.platform.mall;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.web.CursorPage;
import io.jifen.platform.web.TimeCursor;

/**
 * The tenant's mall over HTTP for its admins and back end: own items, their stock, the deduction rules, and quotes for
 * a member (the member-facing quote comes with member sign-in).
 */
@RestController
class MallController {

    record StockChangeBody(@NotNull @Min(-ItemRequest.MAX_STOCK) @Max(ItemRequest.MAX_STOCK) Long delta, @Nullable @Size(max = 200) String reason) {
    }

    record QuoteBody(@NotNull UUID itemId, @NotNull UUID memberId, @NotNull @Min(1) @Max(ItemRequest.MAX_LIMIT) Long quantity,
                     @Nullable @Min(0) Long points) {
    }

    record DeductionRulesBody(@NotNull @Size(max = DeductionRules.MAX_RULES) List<Quotes.DeductionRule> rules) {
    }

    private final MallItems items;
    private final ItemStock stock;
    private final DeductionRules deductionRules;
    private final MallQuotes quotes;
    private final MallSearchFeed search;

    MallController(MallItems items, ItemStock stock, DeductionRules deductionRules, MallQuotes quotes, MallSearchFeed search) {
        this.items = items;
        this.stock = stock;
        this.deductionRules = deductionRules;
        this.quotes = quotes;
        this.search = search;
    }

    @PostMapping("/api/v1/mall/items")
    @ResponseStatus(HttpStatus.CREATED)
    Item create(@Valid @RequestBody ItemRequest body, @AuthenticationPrincipal Jwt caller) {
        return items.create(body, Actors.of(caller));
    }

    @PutMapping("/api/v1/mall/items/{itemId}")
    Item update(@PathVariable UUID itemId, @Valid @RequestBody ItemRequest body) {
        return items.update(itemId, body);
    }

    @GetMapping("/api/v1/mall/items/{itemId}")
    Item get(@PathVariable UUID itemId) {
        return items.get(itemId);
    }

    /** The items, newest first, {@code size} a page, optionally of one status; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/mall/items")
    CursorPage<Item> list(@RequestParam(required = false) Item.@Nullable Status status, @RequestParam(required = false) @Nullable String after,
                          @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return CursorPage.of(items.list(status, TimeCursor.after(after), size + 1), size,
                item -> new TimeCursor(item.createdAt(), item.id()).key());
    }

    /** Adds to or takes from the stock ({@code delta}); needs an {@code Idempotency-Key}. Taking more than there is: 422. */
    @PostMapping("/api/v1/mall/items/{itemId}/stock-changes")
    @ResponseStatus(HttpStatus.CREATED)
    ItemStock.Change changeStock(@PathVariable UUID itemId, @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                                 @Valid @RequestBody StockChangeBody body, @AuthenticationPrincipal Jwt caller) {
        ItemStock.Change change = stock.change(itemId, key, body.delta(), body.reason(), Actors.of(caller));
        // Committed: a stock that reached zero (or came back) reaches search now, not on the feed's next round.
        search.afterCommit();
        return change;
    }

    @GetMapping("/api/v1/mall/deduction-rules")
    DeductionRulesBody deductionRules() {
        return new DeductionRulesBody(deductionRules.list());
    }

    @PutMapping("/api/v1/mall/deduction-rules")
    DeductionRulesBody replaceDeductionRules(@Valid @RequestBody DeductionRulesBody body) {
        return new DeductionRulesBody(deductionRules.replace(body.rules()));
    }

    /** What a member would pay for a quantity of an item now, and why (for admins and testers). */
    @PostMapping("/api/v1/mall/quotes")
    MallQuotes.QuoteView quote(@Valid @RequestBody QuoteBody body) {
        return quotes.quote(body.itemId(), body.memberId(), body.quantity(), body.points());
    }
}
