package io.jifen.platform.redemption;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.LedgerQueries;
import io.jifen.platform.mall.FlashSales;
import io.jifen.platform.mall.ItemStock;
import io.jifen.platform.payment.Payments;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.Hashes;

/**
 * Gives orders back: cancellations before fulfilment, refunds (full or partial, an after-sale return with its units
 * back in stock) and the full refund after a supplier's final failure. Each refund is kept once per key under the
 * order's lock: its points go back through the ledger (into the very lots they came from) in the same transaction, its
 * units back into stock, and a second refund with the same key (an event delivered twice, a retried request) answers
 * the first and moves nothing. A refund never exceeds what is left of the order.
 */
@Service
public class Refunds {

    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    /** A refund as kept. {@code cashState}: NONE (no cash), PENDING (with the payment provider), DONE. */
    public record Refund(UUID id, UUID orderId, String key, long points, long cashFen, int quantity, boolean restocked, String reason,
                         @Nullable String actor, String cashState, Instant at) {
    }

    /** What an admin refunds: points and cash (null: all that is left), units back, whether they go back into stock. */
    public record Request(@Nullable Long points, @Nullable Long cashFen, int quantity, boolean restock, String reason) {
    }

    private static final String SELECT = """
            select id, order_id, refund_key, points, cash_fen, quantity, restocked, reason, actor, cash_state, at, request_hash
            from platform.redemption_refund""";


    private final OrderStore store;
    private final Ledger ledger;
    private final LedgerQueries holds;
    private final Payments payments;
    private final ItemStock stock;
    private final FlashSales flashSales;
    private final MemberLimits limits;
    private final TenantRegistry tenants;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;

    Refunds(OrderStore store, Ledger ledger, LedgerQueries holds, Payments payments, ItemStock stock, FlashSales flashSales, MemberLimits limits, TenantRegistry tenants, ApplicationEventPublisher events,
            JdbcClient jdbc, Clock clock, PlatformTransactionManager transactionManager, AuditTrail audit) {
        this.audit = audit;
        this.store = store;
        this.ledger = ledger;
        this.holds = holds;
        this.payments = payments;
        this.stock = stock;
        this.flashSales = flashSales;
        this.limits = limits;
        this.tenants = tenants;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * An admin's refund of an order that was paid; the same key again answers the same refund. Its cash is paid out
     * after it commits ({@link #payOut}; a failure there leaves it PENDING for the sweep to retry).
     */
    public Refund refund(UUID orderId, @Nullable String key, Request request, @Nullable String actor) {
        Refund refund = refundInTransaction(orderId, key, request, actor);
        if ("PENDING".equals(refund.cashState())) {
            payOut(orderId);
        }
        return refund;
    }

    private Refund refundInTransaction(UUID orderId, @Nullable String key, Request request, @Nullable String actor) {
        Checkout.requireKey(key);
        String hash = Hashes.sha256Hex("REFUND|" + request.points() + "|" + request.cashFen() + "|" + request.quantity() + "|" + request.restock() + "|"
                + request.reason());
        return transactions.execute(status -> {
            OrderStore.Stored locked = store.lock(orderId).orElseThrow(() -> DomainException.notFound("Order " + orderId));
            Optional<Refund> earlier = find(orderId, key, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Order order = locked.order();
            if (order.state() == Order.State.PLACED || order.state().closed()) {
                throw new DomainException(ProblemKind.REFUSED, "order-not-refundable", "Order not refundable",
                        "Order " + order.orderNo() + " is " + order.state() + (order.state() == Order.State.PLACED ? ": cancel it instead" : ""));
            }
            long points = request.points() == null ? order.points() - order.pointsRefunded() : request.points();
            long cash = request.cashFen() == null ? order.cashFen() - order.cashRefundedFen() : request.cashFen();
            if (points < 0 || points > order.points() - order.pointsRefunded()) {
                throw DomainException.invalidField("points", "0 to " + (order.points() - order.pointsRefunded()) + " points are left to refund");
            }
            if (cash < 0 || cash > order.cashFen() - order.cashRefundedFen()) {
                throw DomainException.invalidField("cashFen", "0 to " + (order.cashFen() - order.cashRefundedFen()) + " fen are left to refund");
            }
            if (request.quantity() < 0 || request.quantity() > order.quantity() - order.quantityReturned()) {
                throw DomainException.invalidField("quantity", "0 to " + (order.quantity() - order.quantityReturned()) + " units are left to return");
            }
            if (request.restock() && order.fulfilment() == Order.Fulfilment.CODES) {
                throw DomainException.invalidField("restock", "codes once issued do not go back into stock");
            }
            if (points == 0 && cash == 0 && request.quantity() == 0) {
                throw DomainException.invalidField("points", "a refund gives back points, cash or units");
            }
            Refund refund = apply(locked, key, hash, points, cash, request.quantity(), request.restock(), request.reason(), actor, 0);
            boolean whole = order.pointsRefunded() + points == order.points() && order.cashRefundedFen() + cash == order.cashFen();
            if (whole) {
                store.move(orderId, Order.State.REFUNDED, refund.at(), "refunded in full: " + request.reason(), actor);
            }
            // The order as it was and as it is now, with the refund that changed it.
            Order after = store.lock(orderId).orElseThrow().order();
            audit.record(AuditedChange.of("order", orderId, java.util.Map.of("order", order),
                    java.util.Map.of("order", after, "refund", refund)));
            return refund;
        });
    }

    /**
     * Refunds what is left of a paid order in full, under {@code key}, as a step of the saga (a cancellation, a
     * supplier's failure): its units back in the member's limits and, if {@code restock}, in stock, the goods cost no
     * longer owed. Runs in the caller's transaction, which holds the order's lock. Answers false if the key was used.
     */
    boolean refundAll(OrderStore.Stored locked, String key, String reason, @Nullable String actor, boolean restock) {
        Order order = locked.order();
        String hash = Hashes.sha256Hex("REFUND-ALL|" + key);
        if (find(order.id(), key, hash).isPresent()) {
            return false;
        }
        int units = order.quantity() - order.quantityReturned();
        apply(locked, key, hash, order.points() - order.pointsRefunded(), order.cashFen() - order.cashRefundedFen(), units, restock, reason, actor,
                order.goodsCostFen());
        limits.giveBack(order.memberId(), order.item(), units, placedOn(order));
        return true;
    }

    /** Gives back a placed order's hold and stock (nothing was paid): a cancellation before payment. In the caller's transaction. */
    void releasePlaced(OrderStore.Stored locked, @Nullable String actor) {
        Order order = locked.order();
        // A hold that timed out (an order left unpaid while the sweep was down) was released by the ledger already.
        if (locked.holdId() != null && "HELD".equals(holds.holdOutcomes(List.of(locked.holdId())).get(locked.holdId()).status())) {
            ledger.release("order:" + order.id() + ":release", locked.holdId(), actor);
        }
        if (locked.itemId() != null) {
            stock.putBack(locked.itemId(), order.quantity(), order.id().toString(), "cancel");
        }
        if (locked.flashSaleId() != null) {
            flashSales.putBack(locked.flashSaleId(), order.quantity());
        }
        limits.giveBack(order.memberId(), order.item(), order.quantity(), placedOn(order));
    }

    /** Pays out the order's refunds whose cash the provider does not have yet; outside any transaction. */
    void payOut(UUID orderId) {
        List<Refunds.Refund> pending = transactions.execute(status -> of(orderId).stream().filter(r -> "PENDING".equals(r.cashState())).toList());
        for (Refunds.Refund refund : pending) {
            try {
                Payments.Refund paid = payments.refund("refund:" + refund.id(), OrderPayments.reference(orderId), refund.cashFen());
                transactions.executeWithoutResult(status -> jdbc.sql("""
                                update platform.redemption_refund set cash_state = 'DONE', payment_refund = ?
                                where tenant_id = platform.current_tenant() and id = ?""")
                        .params(paid.refundId(), refund.id()).update());
            } catch (RuntimeException e) {
                log.warn("cash refund {} of order {} not paid out yet: {}", refund.id(), orderId, e.toString());
            }
        }
    }

    List<Refund> of(UUID orderId) {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and order_id = ? order by at, id")
                .param(orderId).query((rs, n) -> refund(rs)).list();
    }

    private Refund apply(OrderStore.Stored locked, String key, String hash, long points, long cash, int quantity, boolean restock, String reason,
                         @Nullable String actor, long goodsCostBack) {
        Order order = locked.order();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        UUID ledgerTx = null;
        if (points > 0) {
            ledgerTx = ledger.refund("order:" + order.id() + ":refund:" + id, new Ledger.Refund(paidWith(locked), points, reason, actor)).transactionId();
        }
        boolean restocked = restock && quantity > 0 && locked.itemId() != null;
        if (restocked) {
            stock.putBack(locked.itemId(), quantity, order.id().toString(), "refund:" + id);
            if (locked.flashSaleId() != null) {
                flashSales.putBack(locked.flashSaleId(), quantity);
            }
        }
        jdbc.sql("""
                        insert into platform.redemption_refund (tenant_id, id, order_id, refund_key, request_hash, points, cash_fen, quantity, restocked,
                            reason, actor, ledger_tx, cash_state, at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, order.id(), key, hash, points, cash, quantity, restocked, reason, actor, ledgerTx, cash > 0 ? "PENDING" : "NONE",
                        OrderStore.utc(now))
                .update();
        store.addRefunded(order.id(), points, cash, quantity, now);
        store.step(order.id(), order.state(), now, "refund " + key + ": " + points + " points, " + cash + " fen, " + quantity + " unit(s) back"
                + (restocked ? " into stock" : "") + ": " + reason, actor);
        events.publishEvent(new OrderRefunded(TenantContext.require(), order.id(), order.orderNo(), order.memberId(), order.item(), points, cash, quantity,
                goodsCostBack, reason, now, id, order.pointType()));
        return new Refund(id, order.id(), key, points, cash, quantity, restocked, reason, actor, cash > 0 ? "PENDING" : "NONE", now);
    }

    /** The ledger transaction that paid the order's points: its captured hold, or a festival's spend of expired points. */
    private static UUID paidWith(OrderStore.Stored order) {
        return Objects.requireNonNull(order.holdId() != null ? order.holdId() : order.expiredSpendId(), "an order with points has a ledger transaction");
    }

    private Optional<Refund> find(UUID orderId, String key, String hash) {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and order_id = ? and refund_key = ?")
                .params(orderId, key)
                .query((rs, n) -> {
                    if (!rs.getString(12).equals(hash)) {
                        throw DomainException.conflict("idempotency-key-reused", "The refund key '" + key + "' was used for a different refund");
                    }
                    return refund(rs);
                })
                .optional();
    }

    private LocalDate placedOn(Order order) {
        return order.placedAt().atZone(tenants.zone()).toLocalDate();
    }


    private static Refund refund(ResultSet rs) throws SQLException {
        return new Refund(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getInt(6),
                rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class).toInstant());
    }
}
