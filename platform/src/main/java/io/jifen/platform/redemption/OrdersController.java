package io.jifen.platform.redemption;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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

import io.jifen.platform.identity.Actors;
import io.jifen.platform.web.CursorPage;

/** The tenant's orders for its staff: listing, detail, CSV export, refunds, cancellation, and marking own items fulfilled. */
@RestController
@Validated
class OrdersController {

    record RefundBody(@Nullable @Min(0) Long points, @Nullable @Min(0) Long cashFen, @Min(0) @Max(1_000_000) int quantity, boolean restock,
                      @NotBlank @Size(max = 200) String reason) {
    }

    record FulfilmentBody(@Nullable @Size(min = 1, max = 100) String tracking) {
    }

    private final Orders orders;
    private final Refunds refunds;
    private final OrderSaga saga;
    private final RedemptionReconciliation reconciliation;

    OrdersController(Orders orders, Refunds refunds, OrderSaga saga, RedemptionReconciliation reconciliation) {
        this.orders = orders;
        this.refunds = refunds;
        this.saga = saga;
        this.reconciliation = reconciliation;
    }

    /** The orders, newest first, optionally of one state, member or period [from, to); {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/orders")
    CursorPage<Order> list(@RequestParam(required = false) Order.@Nullable State state, @RequestParam(required = false) @Nullable UUID memberId,
                           @RequestParam(required = false) @Nullable Instant from, @RequestParam(required = false) @Nullable Instant to,
                           @RequestParam(required = false) @Nullable String after,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return orders.list(new OrderStore.Filter(state, memberId, from, to), after, size);
    }

    /** The same filter as the listing, as CSV (at most 100,000 rows). */
    @GetMapping(value = "/api/v1/orders/export", produces = "text/csv")
    void export(@RequestParam(required = false) Order.@Nullable State state, @RequestParam(required = false) @Nullable UUID memberId,
                @RequestParam(required = false) @Nullable Instant from, @RequestParam(required = false) @Nullable Instant to,
                HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"orders.csv\"");
        var out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        orders.export(new OrderStore.Filter(state, memberId, from, to), out);
        out.flush();
    }

    @GetMapping("/api/v1/orders/{orderId}")
    Orders.Detail get(@PathVariable UUID orderId) {
        return orders.detail(orderId, null);
    }

    /** Refunds part or all of a paid order; needs an {@code Idempotency-Key}. */
    @PostMapping("/api/v1/orders/{orderId}/refunds")
    @ResponseStatus(HttpStatus.CREATED)
    Refunds.Refund refund(@PathVariable UUID orderId, @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                          @Valid @RequestBody RefundBody body, @AuthenticationPrincipal Jwt caller) {
        return refunds.refund(orderId, key, new Refunds.Request(body.points(), body.cashFen(), body.quantity(), body.restock(), body.reason()),
                Actors.of(caller));
    }

    @PostMapping("/api/v1/orders/{orderId}/cancellation")
    Order cancel(@PathVariable UUID orderId, @AuthenticationPrincipal Jwt caller) {
        return saga.cancel(orderId, null, Actors.of(caller));
    }

    /** Staff shipped an own item (with its tracking) or served a service. */
    @PostMapping("/api/v1/orders/{orderId}/fulfilment")
    Order fulfilled(@PathVariable UUID orderId, @Valid @RequestBody FulfilmentBody body, @AuthenticationPrincipal Jwt caller) {
        return saga.fulfilled(orderId, body.tracking(), Actors.of(caller));
    }

    /** Checks the tenant's redemptions now: stock, points and hub orders (see {@link RedemptionReconciliation}). */
    @GetMapping("/api/v1/redemption/reconciliation")
    RedemptionReconciliation.Report reconcile() {
        return reconciliation.reconcile();
    }
}
