package io.jifen.platform.redemption;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.hub.OrderConflict;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.Recipient;
import io.jifen.hub.SupplierOrderDelivered;
import io.jifen.hub.SupplierOrderFailed;
import io.jifen.hub.SupplierOrders;
import io.jifen.platform.mall.PickupCodes;
import io.jifen.platform.mall.PickupVerified;
import io.jifen.platform.mall.VoucherCodes;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The saga after payment: fulfilment as the item needs it, delivery, completion, cancellation, and the full refund when
 * a supplier fails for good. Every step locks the order and checks where it stands, so a step that comes late (a
 * cancellation racing the fulfilment, an event delivered twice) finds the order moved on and changes nothing. Events
 * come through the event registry: a crash between a commit and its listener only delays the step.
 */
@Service
public class OrderSaga {

    private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

    private final OrderStore store;
    private final Refunds refunds;
    private final OrderDeliveries deliveries;
    private final OrderPayments payments;
    private final VoucherCodes codes;
    private final PickupCodes pickups;
    private final SupplierOrders hub;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    OrderSaga(OrderStore store, Refunds refunds, OrderDeliveries deliveries, OrderPayments payments, VoucherCodes codes, PickupCodes pickups, SupplierOrders hub, ApplicationEventPublisher events, Clock clock,
              PlatformTransactionManager transactionManager) {
        this.store = store;
        this.refunds = refunds;
        this.deliveries = deliveries;
        this.payments = payments;
        this.codes = codes;
        this.pickups = pickups;
        this.hub = hub;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Async
    @TransactionalEventListener
    void on(OrderPaid paid) {
        TenantContext.runAs(paid.tenantId(), () -> fulfil(paid.orderId()));
    }

    @Async
    @TransactionalEventListener
    void on(SupplierOrderDelivered delivered) {
        TenantContext.runAs(delivered.tenantId(), () -> transactions.executeWithoutResult(status ->
                store.idOf(delivered.orderNo()).flatMap(store::lock).ifPresent(locked -> {
                    if (locked.order().state() == Order.State.FULFILLING) {
                        close(locked, Order.State.DELIVERED, "delivered by " + delivered.supplier(), "hub");
                    }
                })));
    }

    @Async
    @TransactionalEventListener
    void on(SupplierOrderFailed failed) {
        TenantContext.runAs(failed.tenantId(), () -> {
            Optional<UUID> refunded = transactions.execute(status -> store.idOf(failed.orderNo()).flatMap(store::lock).map(locked -> {
                Order.State state = locked.order().state();
                if (state == Order.State.FULFILLING || state == Order.State.PAID) {
                    refunds.refundAll(locked, "supplier-failed", "the supplier failed the order: " + failed.reason(), "hub", true);
                    store.setFailure(locked.order().id(), failed.reason());
                    store.move(locked.order().id(), Order.State.REFUNDED, clock.instant(), "refunded after the supplier failed: " + failed.reason(),
                            "hub");
                }
                return locked.order().id();
            }));
            refunded.ifPresent(refunds::payOut);
        });
    }

    /**
     * Starts a paid order's fulfilment. A hub order is placed after the order is marked FULFILLING and committed (the
     * hub's workers must see it); if the process dies in between, the event is handed out again and the placing,
     * idempotent on the order number, is repeated.
     */
    void fulfil(UUID orderId) {
        Optional<OrderStore.Stored> toPlace = transactions.execute(status -> {
            OrderStore.Stored locked = store.lock(orderId).orElse(null);
            if (locked == null) {
                return Optional.<OrderStore.Stored>empty();
            }
            Order order = locked.order();
            if (order.fulfilment() == Order.Fulfilment.HUB) {
                if (order.state() == Order.State.PAID) {
                    store.move(orderId, Order.State.FULFILLING, clock.instant(), "ordered from " + locked.supplier(), null);
                    return Optional.of(locked);
                }
                return order.state() == Order.State.FULFILLING ? Optional.of(locked) : Optional.<OrderStore.Stored>empty();
            }
            if (order.state() == Order.State.PAID) {
                if (order.fulfilment() == Order.Fulfilment.CODES) {
                    issueCodes(locked);
                } else {
                    startOwn(locked, clock.instant());
                }
            }
            return Optional.<OrderStore.Stored>empty();
        });
        toPlace.ifPresent(this::placeWithHub);
        // A paid order refunded in its fulfilment (no codes left) has cash to give back.
        refunds.payOut(orderId);
    }

    /** Where starting an own item's fulfilment took a paid order: DELIVERED or FULFILLING, and the step's text. */
    record Started(Order.State state, String text) {
    }

    /**
     * Starts the fulfilment of a paid order of an own item (the caller holds its lock or has just written it) and
     * answers the state it moved to: delivered at once (virtual goods, codes), or fulfilling (waiting for shipment, the
     * service or the pickup). Codes that ran out throw a {@code sold-out} refusal: inside the checkout it rolls the order
     * back; the payment's path catches it and refunds instead ({@link #issueCodes}).
     */
    Order.State startOwn(OrderStore.Stored locked, Instant at) {
        Started started = beginOwn(locked);
        if (started.state() == Order.State.DELIVERED) {
            close(locked, Order.State.DELIVERED, at, started.text(), null);
        } else {
            store.move(locked.order().id(), started.state(), at, started.text(), null);
        }
        return started.state();
    }

    /**
     * {@link #startOwn} without recording the move: what the fulfilment needs issued (a pickup code, voucher codes) is,
     * and the caller writes the state answered, with {@link #completed} when it is DELIVERED (the checkout writes an order
     * paid at once in its final state).
     */
    Started beginOwn(OrderStore.Stored locked) {
        Order order = locked.order();
        return switch (order.fulfilment()) {
            case INSTANT -> new Started(Order.State.DELIVERED, "delivered at once");
            case SHIPMENT -> new Started(Order.State.FULFILLING, "waiting for shipment");
            case SERVICE -> new Started(Order.State.FULFILLING, "waiting for the service");
            case PICKUP -> {
                pickups.issue(order.id().toString(), order.memberId(), locked.itemId());
                yield new Started(Order.State.FULFILLING, "pickup code issued");
            }
            case CODES -> {
                codes.assign(locked.itemId(), order.id().toString(), order.memberId(), order.quantity());
                yield new Started(Order.State.DELIVERED, order.quantity() + " code(s) issued");
            }
            case HUB -> throw new IllegalStateException("hub orders are placed by the fulfilment after the order commits");
        };
    }

    /** Assigns the order's codes (delivered), or refunds it when the item has too few left (its stock counted expired ones). */
    private void issueCodes(OrderStore.Stored locked) {
        Order order = locked.order();
        try {
            startOwn(locked, clock.instant());
        } catch (DomainException exhausted) {
            // assign leaves the transaction able to commit: record the refund in it. The stock stays taken: it had no codes.
            refunds.refundAll(locked, "codes-exhausted", "no unexpired codes left for the order", null, false);
            store.setFailure(order.id(), exhausted.getMessage());
            store.move(order.id(), Order.State.REFUNDED, clock.instant(), "refunded: " + exhausted.getMessage(), null);
        }
    }

    @Async
    @TransactionalEventListener
    void on(PickupVerified verified) {
        TenantContext.runAs(verified.tenantId(), () -> transactions.executeWithoutResult(status ->
                store.lock(UUID.fromString(verified.orderRef())).ifPresent(locked -> {
                    if (locked.order().state() == Order.State.FULFILLING && locked.order().fulfilment() == Order.Fulfilment.PICKUP) {
                        close(locked, Order.State.COMPLETED, "picked up at the store", verified.actor());
                    }
                })));
    }

    private void placeWithHub(OrderStore.Stored stored) {
        Order order = stored.order();
        Order.Delivery details = deliveries.open(order.id(), stored.deliverySealed());
        Checkout.Recipient to = details == null ? null : details.recipient();
        Recipient recipient = to == null ? null : new Recipient(to.name(), to.mobile(), to.province(), to.city(), to.county(), to.town(), to.address());
        try {
            hub.place(new PlaceOrder(order.orderNo(), TenantContext.require(), order.memberId(), stored.supplier(), stored.skuId(), order.quantity(),
                    recipient, details == null ? null : details.account()));
        } catch (IllegalArgumentException | OrderConflict refused) {
            // The hub refuses the order for good (delisted meanwhile, not delivered to the address): refund it.
            log.info("hub refused order {}: {}", order.orderNo(), refused.getMessage());
            transactions.executeWithoutResult(status -> store.lock(order.id()).ifPresent(locked -> {
                if (locked.order().state() == Order.State.FULFILLING) {
                    refunds.refundAll(locked, "supplier-failed", "the supplier hub refused the order: " + refused.getMessage(), "hub", true);
                    store.setFailure(order.id(), String.valueOf(refused.getMessage()));
                    store.move(order.id(), Order.State.REFUNDED, clock.instant(), "refunded: the supplier hub refused the order", "hub");
                }
            }));
            refunds.payOut(order.id());
        }
    }

    /**
     * A member's or an admin's cancellation before fulfilment; a cancelled order answers as it is. An unpaid order's
     * payment is cancelled first (one that has just succeeded makes the order paid instead: a 409); a paid order's cash
     * is refunded after the cancellation commits.
     */
    public Order cancel(UUID orderId, @Nullable UUID memberOnly, @Nullable String actor) {
        Order before = transactions.execute(status -> store.find(orderId).map(OrderStore.Stored::order)
                .filter(o -> memberOnly == null || o.memberId().equals(memberOnly)).orElseThrow(() -> DomainException.notFound("Order " + orderId)));
        if (before.state() == Order.State.PLACED && before.cashFen() > 0) {
            payments.cancelBeforeOrder(orderId);
        }
        Order cancelled = cancelInTransaction(orderId, memberOnly, actor);
        refunds.payOut(orderId);
        return cancelled;
    }

    private Order cancelInTransaction(UUID orderId, @Nullable UUID memberOnly, @Nullable String actor) {
        return transactions.execute(status -> {
            OrderStore.Stored locked = store.lock(orderId).filter(o -> memberOnly == null || o.order().memberId().equals(memberOnly))
                    .orElseThrow(() -> DomainException.notFound("Order " + orderId));
            Order order = locked.order();
            switch (order.state()) {
                case CANCELLED -> {
                    return order;
                }
                case PLACED -> refunds.releasePlaced(locked, actor);
                case PAID -> refunds.refundAll(locked, "cancel", "cancelled before fulfilment", actor, true);
                default -> throw new DomainException(ProblemKind.REFUSED, "order-not-cancellable", "Order not cancellable",
                        "Order " + order.orderNo() + " is " + order.state() + (order.state().closed() ? "" : ": ask for a refund instead"));
            }
            store.move(orderId, Order.State.CANCELLED, clock.instant(), "cancelled", actor);
            return store.find(orderId).orElseThrow().order();
        });
    }

    /** Staff mark an own item's order as shipped (with its tracking) or served: it is delivered or completed. */
    public Order fulfilled(UUID orderId, @Nullable String tracking, @Nullable String actor) {
        return transactions.execute(status -> {
            OrderStore.Stored locked = store.lock(orderId).orElseThrow(() -> DomainException.notFound("Order " + orderId));
            Order order = locked.order();
            boolean byStaff = order.fulfilment() == Order.Fulfilment.SHIPMENT || order.fulfilment() == Order.Fulfilment.SERVICE;
            if (!byStaff || order.state() != Order.State.FULFILLING) {
                throw new DomainException(ProblemKind.REFUSED, "order-not-fulfillable", "Order not fulfillable by staff",
                        "Order " + order.orderNo() + " is " + order.state() + " and fulfilled by " + order.fulfilment());
            }
            if (tracking != null) {
                store.setTracking(orderId, tracking);
            }
            close(locked, order.fulfilment() == Order.Fulfilment.SHIPMENT ? Order.State.DELIVERED : Order.State.COMPLETED,
                    order.fulfilment() == Order.Fulfilment.SHIPMENT ? "shipped" + (tracking == null ? "" : ": " + tracking) : "served", actor);
            return store.find(orderId).orElseThrow().order();
        });
    }

    /** Moves the locked order to a final good state and tells billing and insights. */
    private void close(OrderStore.Stored locked, Order.State state, String text, @Nullable String actor) {
        close(locked, state, clock.instant(), text, actor);
    }

    private void close(OrderStore.Stored locked, Order.State state, Instant now, String text, @Nullable String actor) {
        store.move(locked.order().id(), state, now, text, actor);
        completed(locked.order(), now);
    }

    /** Announces the order delivered or completed, in the caller's transaction (billing meters it there). */
    void completed(Order order, Instant now) {
        events.publishEvent(new OrderCompleted(TenantContext.require(), order.id(), order.orderNo(), order.memberId(), order.item(), order.quantity(),
                order.pointType(), order.points(), order.cashFen(), order.goodsCostFen(), now));
    }
}
