package io.jifen.platform.billing;

import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.billing.Deposits;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.redemption.HubGoodsFunding;
import io.jifen.platform.redemption.OrderRefunded;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Hub goods paid from the tenant's prepaid deposit: checkout charges an order's goods cost in its own transaction
 * (a deposit short of it refuses the order, which leaves nothing held), a refund of goods the tenant no longer owes
 * (cancelled before the supplier, or failed by it) releases it. A tenant without an enabled deposit pays hub goods on
 * its invoice as before.
 */
@Component
class HubGoodsDeposit implements HubGoodsFunding {

    /** The problem type of a hub order refused because the deposit cannot pay it (the storefront has its own words for it). */
    static final String EXHAUSTED = "deposit-exhausted";

    private final Deposits deposits;
    private final ApplicationEventPublisher events;

    HubGoodsDeposit(Deposits deposits, ApplicationEventPublisher events) {
        this.deposits = deposits;
        this.events = events;
    }

    @Override
    public void fund(UUID orderId, long goodsCostFen) {
        if (goodsCostFen <= 0) {
            return;
        }
        UUID tenant = TenantContext.require();
        Deposits.Charge charge = deposits.charge(tenant, orderRef(orderId), goodsCostFen);
        if (charge.outcome() == Deposits.Charge.Outcome.INSUFFICIENT) {
            // The member may read this: it names the deposit but not its balance.
            throw new DomainException(ProblemKind.REFUSED, EXHAUSTED, "Supplier goods paused",
                    "Supplier goods are paused: the brand's prepaid goods deposit does not cover this order's goods cost until it is topped up."
                            + " The brand's own items can still be redeemed.");
        }
        if (charge.alert() != null) {
            events.publishEvent(new DepositRunningLow(tenant, charge.alert().id(), charge.alert().balanceFen(), charge.alert().thresholdFen()));
        }
    }

    /** Gives back the goods cost of a refund the tenant no longer owes to the supplier, once per refund. */
    @Async
    @TransactionalEventListener
    void on(OrderRefunded refunded) {
        if (refunded.goodsCostFen() <= 0) {
            return;
        }
        String refund = refunded.refundId() != null ? refunded.refundId().toString() : refunded.at().toString();
        deposits.release(refunded.tenantId(), orderRef(refunded.orderId()), orderRef(refunded.orderId()) + ":release:" + refund, refunded.goodsCostFen());
    }

    private static String orderRef(UUID orderId) {
        return "order:" + orderId;
    }
}
