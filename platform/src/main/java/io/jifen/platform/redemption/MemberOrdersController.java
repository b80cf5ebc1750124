package io.jifen.platform.redemption;

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
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.payment.Payments;
import io.jifen.platform.web.CursorPage;

/**
 * A member's own redemptions: quotes, orders and cancellations. The member is always the token's; an order of another
 * member answers 404 as one that does not exist.
 */
@RestController
@Validated
class MemberOrdersController {

    /** The most units in one order. */
    static final int MAX_QUANTITY = 1_000;

    record QuoteBody(@NotNull @Size(max = 200) String item, @NotNull @Min(1) @Max(MAX_QUANTITY) Long quantity, @Nullable @Min(0) Long points,
                     @Nullable UUID flashSale) {
    }

    record OrderBody(@NotNull @Size(max = 200) String item, @NotNull @Min(1) @Max(MAX_QUANTITY) Long quantity, @Nullable @Min(0) Long points,
                     @Nullable UUID flashSale, @Valid Checkout.@Nullable Recipient recipient, @Nullable @Size(max = 100) String account,
                     Payments.@Nullable Method paymentMethod, @Nullable @Size(max = 500) String returnUrl) {
    }

    private final Checkout checkout;
    private final Orders orders;
    private final OrderSaga saga;

    MemberOrdersController(Checkout checkout, Orders orders, OrderSaga saga) {
        this.checkout = checkout;
        this.orders = orders;
        this.saga = saga;
    }

    /** What the member would pay now for a quantity of an item, line by line. */
    @PostMapping("/api/v1/me/quotes")
    OrderQuote quote(@AuthenticationPrincipal Jwt token, @Valid @RequestBody QuoteBody body) {
        return checkout.quote(MemberTokens.requireMemberId(token), body.item(), body.quantity(), body.points(), body.flashSale());
    }

    /** Places an order; the {@code Idempotency-Key} is the member's order key: the same key answers the same order. */
    @PostMapping("/api/v1/me/orders")
    @ResponseStatus(HttpStatus.CREATED)
    Checkout.Placed place(@AuthenticationPrincipal Jwt token, @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                @Valid @RequestBody OrderBody body) {
        UUID member = MemberTokens.requireMemberId(token);
        return checkout.place(member, key, new Checkout.Placement(body.item(), body.quantity(), body.points(), body.flashSale(), body.recipient(),
                body.account(), body.paymentMethod(), body.returnUrl()),
                "member:" + member);
    }

    @GetMapping("/api/v1/me/orders")
    CursorPage<Order> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String after,
                           @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return orders.list(new OrderStore.Filter(null, MemberTokens.requireMemberId(token), null, null), after, size);
    }

    @GetMapping("/api/v1/me/orders/{orderId}")
    Orders.Detail get(@AuthenticationPrincipal Jwt token, @PathVariable UUID orderId) {
        return orders.detail(orderId, MemberTokens.requireMemberId(token));
    }

    /** Cancels the member's order before its fulfilment starts. */
    @PostMapping("/api/v1/me/orders/{orderId}/cancellation")
    Order cancel(@AuthenticationPrincipal Jwt token, @PathVariable UUID orderId) {
        UUID member = MemberTokens.requireMemberId(token);
        return saga.cancel(orderId, member, "member:" + member);
    }
}
