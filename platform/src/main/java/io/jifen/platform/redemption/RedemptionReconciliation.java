package io.jifen.platform.redemption;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.hub.HubOrder;
import io.jifen.hub.SupplierOrders;
import io.jifen.platform.ledger.LedgerQueries;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Proves the current tenant's redemptions add up: for every own item, what came in = what was sold + what is left
 * (its stock is the sum of its stock changes), every order holds out exactly the units it should and every flash sale
 * has sold what its orders hold and the checkouts in flight have claimed; every order's
 * points match its ledger movements (held, captured or released, refunded); every hub order's state matches the
 * supplier hub's. Run for every tenant each night and on demand by the tenant's admin.
 */
@Service
public class RedemptionReconciliation {

    private static final Logger log = LoggerFactory.getLogger(RedemptionReconciliation.class);

    /** One finding: what does not add up ({@code kind}: STOCK, ORDER_STOCK, FLASH_SALE, POINTS, HUB), where and how. */
    public record Finding(String kind, String ref, String detail) {
    }

    public record Report(Instant at, int items, int orders, List<Finding> findings) {

        public boolean balanced() {
            return findings.isEmpty();
        }
    }

    private record OrderRow(UUID id, String orderNo, Order.State state, Order.Fulfilment fulfilment, int quantity, long points, long pointsRefunded,
                            UUID holdId, UUID expiredSpendId, boolean ownItem, long unitsOut, long restockedByRefunds) {
    }

    private final JdbcClient jdbc;
    private final LedgerQueries ledger;
    private final SupplierOrders hub;
    private final TenantRegistry tenants;
    private final Clock clock;
    private final TransactionTemplate transactions;

    RedemptionReconciliation(JdbcClient jdbc, LedgerQueries ledger, SupplierOrders hub, TenantRegistry tenants, Clock clock,
                             PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.hub = hub;
        this.tenants = tenants;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setReadOnly(true);
    }

    /** Every night, every tenant: what does not add up is logged as an error for the operator's alerts. */
    @Scheduled(cron = "${jifen.redemption.reconciliation-cron:0 30 3 * * *}")
    void nightly() {
        for (UUID tenant : tenants.allIds()) {
            try {
                Report report = TenantContext.callAs(tenant, this::reconcile);
                if (!report.balanced()) {
                    log.error("redemption reconciliation of tenant {}: {} finding(s), first {}", tenant, report.findings().size(), report.findings().getFirst());
                }
            } catch (RuntimeException e) {
                log.warn("could not reconcile the redemptions of tenant {}: {}", tenant, e.toString());
            }
        }
    }

    public Report reconcile() {
        List<Finding> findings = new ArrayList<>();
        int[] counts = new int[2];
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                            select i.id, i.title, i.stock, coalesce(sum(c.delta), 0), coalesce(sum(c.delta) filter (where c.idempotency_key not like 'order:%'), 0)
                            from platform.mall_item i left join platform.mall_stock_change c on c.tenant_id = i.tenant_id and c.item_id = i.id
                            where i.tenant_id = platform.current_tenant() group by i.id, i.title, i.stock""")
                    .query((rs, n) -> {
                        counts[0]++;
                        long stock = rs.getLong(3);
                        long changes = rs.getLong(4);
                        if (stock != changes) {
                            long in = rs.getLong(5);
                            findings.add(new Finding("STOCK", "item:" + rs.getObject(1, UUID.class), "came in " + in + ", sold " + (in - changes)
                                    + ", left " + stock + ": " + in + " != " + (in - changes) + " + " + stock));
                        }
                        return null;
                    })
                    .list();
            jdbc.sql("""
                            select s.id, s.sold,
                                   coalesce((select sum(o.quantity - coalesce((select sum(r.quantity) from platform.redemption_refund r
                                                                            where r.tenant_id = o.tenant_id and r.order_id = o.id and r.restocked), 0))
                                             from platform.redemption_order o
                                             where o.tenant_id = s.tenant_id and o.flash_sale_id = s.id and o.state <> 'CANCELLED'), 0),
                                   (select count(*) from platform.mall_flash_claim c where c.tenant_id = s.tenant_id and c.sale_id = s.id and c.consumed_at is null)
                            from platform.mall_flash_sale s where s.tenant_id = platform.current_tenant()""")
                    .query((rs, n) -> {
                        if (rs.getLong(2) != rs.getLong(3) + rs.getLong(4)) {
                            findings.add(new Finding("FLASH_SALE", "flash:" + rs.getObject(1, UUID.class), "sold " + rs.getLong(2) + ", its orders hold "
                                    + rs.getLong(3) + ", checkouts in flight " + rs.getLong(4)));
                        }
                        return null;
                    })
                    .list();
            List<OrderRow> orders = jdbc.sql("""
                            select o.id, o.order_no, o.state, o.fulfilment, o.quantity, o.points, o.points_refunded, o.hold_id, o.expired_spend_id,
                                   o.item_id is not null,
                                   coalesce((select -sum(c.delta) from platform.mall_stock_change c
                                             where c.tenant_id = o.tenant_id and c.item_id = o.item_id and c.idempotency_key like 'order:' || o.id || ':%'), 0),
                                   coalesce((select sum(r.quantity) from platform.redemption_refund r
                                             where r.tenant_id = o.tenant_id and r.order_id = o.id and r.restocked), 0)
                            from platform.redemption_order o where o.tenant_id = platform.current_tenant()""")
                    .query((rs, n) -> new OrderRow(rs.getObject(1, UUID.class), rs.getString(2), Order.State.valueOf(rs.getString(3)),
                            Order.Fulfilment.valueOf(rs.getString(4)), rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getObject(8, UUID.class),
                            rs.getObject(9, UUID.class), rs.getBoolean(10), rs.getLong(11), rs.getLong(12)))
                    .list();
            counts[1] = orders.size();
            Map<UUID, LedgerQueries.HoldOutcome> holds = ledger.holdOutcomes(orders.stream().map(OrderRow::holdId).filter(Objects::nonNull).toList());
            Map<UUID, LedgerQueries.SpendOutcome> festival = ledger.spendOutcomes(orders.stream().map(OrderRow::expiredSpendId)
                    .filter(Objects::nonNull).toList());
            for (OrderRow order : orders) {
                if (order.ownItem()) {
                    long expected = order.state() == Order.State.CANCELLED ? 0 : order.quantity() - order.restockedByRefunds();
                    if (order.unitsOut() != expected) {
                        findings.add(new Finding("ORDER_STOCK", order.orderNo(), order.unitsOut() + " unit(s) out of stock for the order, " + expected
                                + " expected"));
                    }
                }
                if (order.expiredSpendId() != null) {
                    expiredPoints(order, festival.get(order.expiredSpendId()), findings);
                } else {
                    points(order, order.holdId() == null ? null : holds.get(order.holdId()), findings);
                }
                if (order.fulfilment() == Order.Fulfilment.HUB && order.state() != Order.State.PLACED && order.state() != Order.State.PAID) {
                    hubState(order, findings);
                }
            }
        });
        return new Report(clock.instant(), counts[0], counts[1], List.copyOf(findings));
    }

    private static void points(OrderRow order, LedgerQueries.HoldOutcome hold, List<Finding> findings) {
        if (order.points() == 0) {
            if (order.holdId() != null) {
                findings.add(new Finding("POINTS", order.orderNo(), "an order without points has a hold"));
            }
            return;
        }
        if (hold == null) {
            findings.add(new Finding("POINTS", order.orderNo(), "no hold in the ledger for " + order.points() + " points"));
            return;
        }
        if (hold.held() != order.points()) {
            findings.add(new Finding("POINTS", order.orderNo(), "the ledger held " + hold.held() + " points, the order costs " + order.points()));
        }
        String expected = switch (order.state()) {
            case PLACED -> "HELD";
            case CANCELLED -> order.pointsRefunded() > 0 ? "CAPTURED" : "RELEASED";
            default -> "CAPTURED";
        };
        if (!hold.status().equals(expected)) {
            findings.add(new Finding("POINTS", order.orderNo(), "the hold is " + hold.status() + ", the order " + order.state() + " needs it " + expected));
        }
        if (hold.refunded() != order.pointsRefunded()) {
            findings.add(new Finding("POINTS", order.orderNo(), "the ledger refunded " + hold.refunded() + " points, the order " + order.pointsRefunded()));
        }
    }

    /** A festival order: one spend of expired points for its points, refunded as the order says. */
    private static void expiredPoints(OrderRow order, LedgerQueries.SpendOutcome spend, List<Finding> findings) {
        if (spend == null || !"SPEND_EXPIRED".equals(spend.kind()) || spend.points() != order.points()) {
            findings.add(new Finding("POINTS", order.orderNo(), "the order costs " + order.points() + " expired points, the ledger spent "
                    + (spend == null ? "none" : spend.points() + " (" + spend.kind() + ")")));
        } else if (spend.refunded() != order.pointsRefunded()) {
            findings.add(new Finding("POINTS", order.orderNo(), "the ledger refunded " + spend.refunded() + " expired points, the order "
                    + order.pointsRefunded()));
        }
    }

    private void hubState(OrderRow order, List<Finding> findings) {
        HubOrder placed = hub.order(TenantContext.require(), order.orderNo()).orElse(null);
        if (placed == null) {
            // A failure before the hub stored it (refused at once) leaves no hub order: only a refunded order may lack one.
            if (order.state() != Order.State.REFUNDED) {
                findings.add(new Finding("HUB", order.orderNo(), "the order is " + order.state() + " but the supplier hub has no such order"));
            }
            return;
        }
        boolean matches = switch (placed.state()) {
            // Delivered goods may be refunded afterwards (an after-sale return).
            case "DELIVERED" -> order.state() == Order.State.DELIVERED || order.state() == Order.State.COMPLETED || order.state() == Order.State.REFUNDED;
            case "FAILED" -> order.state() == Order.State.REFUNDED;
            default -> order.state() == Order.State.FULFILLING;
        };
        if (!matches) {
            findings.add(new Finding("HUB", order.orderNo(), "the order is " + order.state() + ", the supplier hub's " + placed.state()));
        }
    }
}
