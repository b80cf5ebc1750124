package io.jifen.platform.earning;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleEngine;

/**
 * A refund takes back the points its order earned in proportion to the amount refunded, less what earlier refunds of
 * the order took, and never more than the order's amount allows (in the call's transaction, after the events before it
 * were written, so a refund may follow its order in the same batch).
 */
@Component
class OrderRefunds {

    private final EventLog log;
    private final Ledger ledger;
    private final Clock clock;

    OrderRefunds(EventLog log, Ledger ledger, Clock clock) {
        this.log = log;
        this.ledger = ledger;
        this.clock = clock;
    }

    EarningEvents.Outcome refund(Prepared p, boolean indexed, @Nullable String actor) {
        EarningEvent event = p.event();
        var order = event.order();
        if (order.refundFen() == null || order.refundFen() <= 0) {
            throw DomainException.invalidField("order.refundFen", "a refund needs the refunded amount, positive");
        }
        EventLog.EventRow paid = log.paidOrder(order.orderId(), p.memberId())
                .orElseThrow(() -> DomainException.invalidField("order.orderId", "no paid order " + order.orderId() + " of this member"));
        long[] refundedBefore = log.refundedBefore(order.orderId());
        long orderAmount = paid.amountFen() == null ? 0 : paid.amountFen();
        long refunded = refundedBefore[0] + order.refundFen();
        if (refunded > orderAmount) {
            throw DomainException.invalidField("order.refundFen", "refunds of order " + order.orderId() + " would come to " + refunded
                    + " fen, more than its " + orderAmount);
        }
        long owed = orderAmount == 0 ? 0 : Math.floorDiv(paid.points() * refunded, orderAmount);
        long clawed = Math.max(0, owed - refundedBefore[1]);
        String reason = "refund of order " + order.orderId();
        UUID tx = clawed == 0 ? null : ledger.clawback("earning:" + event.eventId(),
                new Ledger.Clawback(paid.transactionId(), clawed, reason, actor)).transactionId();
        var calculation = new RuleEngine.Calculation(-clawed, List.of(), null, null);
        log.storeRefund(p, order.refundFen(), -clawed, paid.ruleVersion(), EventLog.linesJson(calculation, null), reason, clock.instant(), tx);
        return new EarningEvents.Outcome(indexed ? p.index() : null, event.eventId(), EarningEvents.Outcome.Status.APPLIED, -clawed, tx,
                List.of(), null, reason);
    }
}
