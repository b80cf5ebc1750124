package io.jifen.platform.billing;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.billing.Metering;
import io.jifen.billing.Usage;
import io.jifen.platform.jdbc.PendingStatements;
import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.ledger.LedgerPeriods;
import io.jifen.platform.ledger.PointType;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.redemption.OrderCompleted;
import io.jifen.platform.redemption.OrderRefunded;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Meters the mall's orders into billing: a completed order's redemption value (its points at their point type's
 * anchor, plus its cash) and goods cost, a refund's as negative usage. A completion is metered in the transaction that
 * completes the order (it commits with the order, or neither does: no publication, no transaction of its own on the
 * checkout's path, whose last round trip carries it); a refund through the event publication registry (called at
 * least once, also after a crash). The usage key makes a repeated event one record.
 */
@Component
class UsageMetering {

    private final Metering metering;
    private final PointTypeCatalog pointTypes;

    UsageMetering(Metering metering, PointTypeCatalog pointTypes) {
        this.metering = metering;
        this.pointTypes = pointTypes;
    }

    @EventListener
    void on(OrderCompleted completed) {
        long value = Math.addExact(valueFen(completed.tenantId(), completed.pointType(), completed.points()), completed.cashFen());
        Usage usage = Usage.redemption("order:" + completed.orderId() + ":completed", completed.at(), value, completed.goodsCostFen());
        SqlPipeline pending = PendingStatements.current(completed.tenantId());
        if (pending == null) {
            metering.record(completed.tenantId(), usage);
        } else {
            // With the checkout's last round trip (it reads nothing of the usage before), which works as the tenant.
            Metering.Statement recording = metering.recording(completed.tenantId(), usage);
            pending.add(recording.sql(), recording.params());
        }
    }

    @Async
    @TransactionalEventListener
    void on(OrderRefunded refunded) {
        // One event per refund: its id is the key (events published before it was added: their instant, which differs per refund).
        String refund = refunded.refundId() != null ? refunded.refundId().toString() : refunded.at().toString();
        String pointType = refunded.pointType() != null ? refunded.pointType() : PointTypeCatalog.DEFAULT_CODE;
        long value = Math.addExact(valueFen(refunded.tenantId(), pointType, refunded.points()), refunded.cashFen());
        metering.record(refunded.tenantId(), Usage.refund("order:" + refunded.orderId() + ":refund:" + refund, refunded.at(), value,
                refunded.goodsCostFen()));
    }

    private long valueFen(java.util.UUID tenant, String pointType, long points) {
        if (points == 0) {
            return 0;
        }
        PointType type = TenantContext.callAs(tenant, () -> pointTypes.byCode(pointType));
        return LedgerPeriods.valueFen(points, type.anchorPoints(), type.anchorAmountMinor());
    }
}
