package io.jifen.platform.redemption;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.payment.PaymentFailed;
import io.jifen.platform.payment.PaymentSucceeded;
import io.jifen.platform.payment.Payments;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The cash part of orders, through the payment port: a payment per order (reference {@code order:<id>}) started after
 * the order commits, the order paid when the payment succeeds (the hold captured, fulfilment started) and cancelled
 * when it fails or is not paid within {@code jifen.redemption.payment-window}; cash refunds paid out after the refund
 * committed, retried until the provider has them. A payment that succeeds for an order cancelled meanwhile is refunded.
 */
@Component
class OrderPayments {

    private static final Logger log = LoggerFactory.getLogger(OrderPayments.class);
    private static final String PREFIX = "order:";

    private final Payments payments;
    private final OrderStore store;
    private final Refunds refunds;
    private final Ledger ledger;
    private final TenantRegistry tenants;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration window;
    private final TransactionTemplate transactions;

    OrderPayments(Payments payments, OrderStore store, Refunds refunds, Ledger ledger, TenantRegistry tenants, ApplicationEventPublisher events,
                  JdbcClient jdbc, Clock clock, @Value("${jifen.redemption.payment-window:15m}") Duration window,
                  PlatformTransactionManager transactionManager) {
        this.payments = payments;
        this.store = store;
        this.refunds = refunds;
        this.ledger = ledger;
        this.tenants = tenants;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.window = window;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    static String reference(UUID orderId) {
        return PREFIX + orderId;
    }

    /** Starts (or finds) the payment of a placed order's cash part; outside any transaction. */
    Payments.Payment start(Order order, Payments.Method method, String returnUrl) {
        return payments.start(new Payments.Charge(reference(order.id()), order.memberId(), order.cashFen(),
                order.title() + " x " + order.quantity() + " (" + order.orderNo() + ")", method, returnUrl));
    }

    Optional<Payments.Payment> find(UUID orderId) {
        return payments.find(reference(orderId));
    }

    /**
     * Cancels the payment of a placed order before the order is cancelled: a payment that has succeeded meanwhile is a
     * 409 (the order is paid and goes on; the member asks for a refund), one never started is no obstacle.
     */
    void cancelBeforeOrder(UUID orderId) {
        try {
            payments.cancel(reference(orderId));
        } catch (DomainException e) {
            if (e.kind() == ProblemKind.NOT_FOUND) {
                return;
            }
            if ("payment-succeeded".equals(e.type())) {
                throw DomainException.conflict("order-paid", "The order's payment has just succeeded: it is paid and will be fulfilled");
            }
            throw e;
        }
    }

    @Async
    @TransactionalEventListener
    void on(PaymentSucceeded succeeded) {
        UUID orderId = orderOf(succeeded.reference());
        if (orderId == null) {
            return;
        }
        TenantContext.runAs(succeeded.tenantId(), () -> {
            boolean refund = Boolean.TRUE.equals(transactions.execute(status -> store.lock(orderId).map(locked -> {
                Order order = locked.order();
                if (order.state() != Order.State.PLACED) {
                    // Cancelled before the money came (by the member, a time-out or a failed hold): give it back.
                    return order.state() == Order.State.CANCELLED;
                }
                if (locked.holdId() != null) {
                    ledger.capture("order:" + orderId + ":capture", locked.holdId(), "payment");
                }
                store.move(orderId, Order.State.PAID, clock.instant(), "paid: " + succeeded.amountFen() + " fen through " + succeeded.intentId(), "payment");
                events.publishEvent(new OrderPaid(succeeded.tenantId(), orderId));
                return false;
            }).orElse(false)));
            if (refund) {
                payments.refund("late:" + orderId, succeeded.reference(), succeeded.amountFen());
                log.info("refunded the payment of order {}, which was cancelled before the payment succeeded", orderId);
            }
        });
    }

    @Async
    @TransactionalEventListener
    void on(PaymentFailed failed) {
        UUID orderId = orderOf(failed.reference());
        if (orderId == null) {
            return;
        }
        TenantContext.runAs(failed.tenantId(), () -> transactions.executeWithoutResult(status -> store.lock(orderId).ifPresent(locked -> {
            if (locked.order().state() == Order.State.PLACED) {
                refunds.releasePlaced(locked, "payment");
                store.move(orderId, Order.State.CANCELLED, clock.instant(), "the payment failed: " + failed.reason(), "payment");
            }
        })));
    }

    /** Every minute: cancels orders unpaid past the payment window, pays out cash refunds still pending. */
    @Scheduled(fixedDelayString = "${jifen.redemption.payment-sweep-interval:60s}", initialDelayString = "${jifen.redemption.payment-sweep-interval:60s}")
    void sweep() {
        for (UUID tenant : tenants.allIds()) {
            try {
                TenantContext.runAs(tenant, this::sweepTenant);
            } catch (RuntimeException e) {
                log.warn("could not sweep the payments of tenant {}: {}", tenant, e.toString());
            }
        }
    }

    void sweepTenant() {
        List<UUID> unpaid = transactions.execute(status -> store.unpaidBefore(clock.instant().minus(window), 100));
        for (UUID orderId : unpaid) {
            try {
                cancelBeforeOrder(orderId);
                transactions.executeWithoutResult(status -> store.lock(orderId).ifPresent(locked -> {
                    if (locked.order().state() == Order.State.PLACED) {
                        refunds.releasePlaced(locked, "payment-window");
                        store.move(orderId, Order.State.CANCELLED, clock.instant(), "not paid within " + window, "payment-window");
                    }
                }));
            } catch (RuntimeException e) {
                log.info("unpaid order {} not cancelled: {}", orderId, e.toString());
            }
        }
        List<UUID> withPendingRefunds = transactions.execute(status -> jdbc.sql("""
                        select distinct order_id from platform.redemption_refund
                        where tenant_id = platform.current_tenant() and cash_state = 'PENDING' limit 100""")
                .query(UUID.class).list());
        withPendingRefunds.forEach(refunds::payOut);
    }

    private static @Nullable UUID orderOf(String reference) {
        if (!reference.startsWith(PREFIX)) {
            return null;
        }
        try {
            return UUID.fromString(reference.substring(PREFIX.length()));
        } catch (IllegalArgumentException notAnOrder) {
            return null;
        }
    }
}
