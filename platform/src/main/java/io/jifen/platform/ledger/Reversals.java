package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.Postings.OpenLot;
import io.jifen.platform.ledger.internal.CreditRule;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

import static io.jifen.platform.ledger.LedgerRows.instant;

/**
 * Postings that reverse an earlier one: refunds of spends (and of captured holds) into the lots they took, and
 * clawbacks of earns whose order was refunded.
 */
@Component
class Reversals {

    /** A lot a spend took from, and how much of that is not refunded yet. */
    private record RefundableLot(UUID lot, long refundable) {
    }

    private final Postings postings;
    private final LedgerRows rows;
    private final LedgerAccounts accounts;
    private final PointTypeCatalog pointTypes;
    private final Holds holds;
    private final Revivals revivals;
    private final JdbcClient jdbc;
    private final Clock clock;

    Reversals(Postings postings, LedgerRows rows, LedgerAccounts accounts, PointTypeCatalog pointTypes, Holds holds, Revivals revivals,
              JdbcClient jdbc, Clock clock) {
        this.postings = postings;
        this.rows = rows;
        this.accounts = accounts;
        this.pointTypes = pointTypes;
        this.holds = holds;
        this.revivals = revivals;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Receipt refund(String idempotencyKey, Ledger.Refund refund) {
        String hash = Postings.hash("REFUND", refund.spendTransactionId(), null, refund.points() == null ? -1 : refund.points(),
                null, refund.reason(), null);
        return postings.idempotent(idempotencyKey, hash, () -> {
            Receipt spend = postings.receipt(refund.spendTransactionId());
            if ("SPEND_EXPIRED".equals(spend.kind())) {
                return revivals.refund(idempotencyKey, hash, refund, spend);
            }
            if (!"SPEND".equals(spend.kind()) && !("HOLD".equals(spend.kind()) && "CAPTURED".equals(holds.status(spend.transactionId())))) {
                throw new DomainException(ProblemKind.REFUSED, "not-refundable", "Not refundable",
                        "Only a spend, a spend of expired points or a captured hold can be refunded; this transaction is " + spend.kind(), List.of());
            }
            UUID memberId = spend.memberId();
            PointType type = pointTypes.byCode(spend.pointType());
            UUID pointTypeId = type.id();
            var wallet = accounts.lockWallet(pointTypeId, memberId);
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            // Per lot: what the spend took, less what earlier refunds of it gave back.
            List<RefundableLot> taken = jdbc.sql("""
                            select m.lot_id, -m.amount - coalesce((
                                       select sum(r.amount) from platform.ledger_lot_movement r
                                       join platform.ledger_transaction rt on rt.tenant_id = r.tenant_id and rt.id = r.transaction_id
                                       where r.tenant_id = m.tenant_id and r.lot_id = m.lot_id and rt.reverses_id = m.transaction_id), 0) as refundable
                            from platform.ledger_lot_movement m
                            join platform.ledger_lot l on l.tenant_id = m.tenant_id and l.id = m.lot_id
                            where m.tenant_id = platform.current_tenant() and m.transaction_id = ?
                            order by l.expires_at desc nulls first, l.earned_at desc, l.id""")
                    .param(refund.spendTransactionId())
                    .query((rs, n) -> new RefundableLot(rs.getObject(1, UUID.class), rs.getLong(2)))
                    .list();
            long refunded = jdbc.sql("""
                            select coalesce(sum(points), 0) from platform.ledger_transaction
                            where tenant_id = platform.current_tenant() and reverses_id = ? and kind = 'REFUND'""")
                    .param(refund.spendTransactionId()).query(Long.class).single();
            long refundable = spend.points() - refunded;
            long points = refund.points() == null ? refundable : refund.points();
            if (points <= 0 || points > refundable) {
                throw new DomainException(ProblemKind.REFUSED, "refund-exceeds-spend", "Refund exceeds spend",
                        refundable + " points of this spend can still be refunded; " + points + " were asked for", List.of());
            }
            Instant now = clock.instant();
            UUID tx = TimeOrderedIds.next();
            long balance = wallet.balance() + points;
            rows.insertTransaction(tx, pointTypeId, memberId, "REFUND", points, idempotencyKey, hash, "refund",
                    refund.reason(), refund.actor(), refund.spendTransactionId(), balance, now);
            rows.insertEntries(tx, accounts.system(pointTypeId, Kind.REDEEMED), wallet.id(), points);
            long left = points;
            for (int i = 0; i < taken.size() && left > 0; i++) {
                long give = Math.min(left, taken.get(i).refundable());
                if (give > 0) {
                    rows.changeLot(taken.get(i).lot(), give);
                    rows.insertMovement(tx, taken.get(i).lot(), give);
                    left -= give;
                }
            }
            if (left > 0) {
                // The part of the spend that was a loan: it reduces what the member owes, or becomes new points if repaid already.
                postings.credit(tx, wallet, CreditRule.of(type).issue(wallet.owed(), left, now, postings::zone), now);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            return postings.receipt(tx);
        });
    }

    Receipt clawback(String idempotencyKey, Ledger.Clawback clawback) {
        String hash = Postings.hash("CLAWBACK", clawback.earnTransactionId(), null, clawback.points(), null, clawback.reason(), null);
        return postings.idempotent(idempotencyKey, hash, () -> {
            Receipt earn = postings.receipt(clawback.earnTransactionId());
            if (!"EARN".equals(earn.kind())) {
                throw new DomainException(ProblemKind.REFUSED, "not-clawable", "Not clawable",
                        "Only an earn can be clawed back; this transaction is " + earn.kind(), List.of());
            }
            PointType type = pointTypes.byCode(earn.pointType());
            var wallet = accounts.lockWallet(type.id(), earn.memberId());
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            long clawed = jdbc.sql("""
                            select coalesce(sum(points), 0) from platform.ledger_transaction
                            where tenant_id = platform.current_tenant() and reverses_id = ? and kind = 'CLAWBACK'""")
                    .param(earn.transactionId()).query(Long.class).single();
            if (clawback.points() > earn.points() - clawed) {
                throw new DomainException(ProblemKind.REFUSED, "clawback-exceeds-earn", "Clawback exceeds earn",
                        (earn.points() - clawed) + " points of this earn can still be clawed back; " + clawback.points() + " were asked for",
                        List.of());
            }
            Instant now = clock.instant();
            List<OpenLot> own = jdbc.sql("""
                            select id, remaining, expires_at from platform.ledger_lot
                            where tenant_id = platform.current_tenant() and transaction_id = ? and account_id = ? and remaining > 0""")
                    .params(earn.transactionId(), wallet.id())
                    .query((rs, n) -> new OpenLot(rs.getObject(1, UUID.class), rs.getLong(2), instant(rs.getObject(3, OffsetDateTime.class))))
                    .list();
            long fromOwn = Math.min(clawback.points(), own.stream().mapToLong(OpenLot::remaining).sum());
            long rest = clawback.points() - fromOwn;
            List<OpenLot> others = List.of();
            long fromOthers = 0;
            long owe = 0;
            switch (type.clawbackPolicy()) {
                case OTHER_LOTS -> {
                    others = postings.spendableLots(wallet.id(), now).stream().filter(l -> own.stream().noneMatch(o -> o.id().equals(l.id()))).toList();
                    fromOthers = Math.min(rest, others.stream().mapToLong(OpenLot::remaining).sum());
                }
                case NEGATIVE -> owe = rest;
                case WAIVE -> { }
            }
            long waived = rest - fromOthers - owe;
            long booked = clawback.points() - waived;
            UUID tx = TimeOrderedIds.next();
            long balance = wallet.balance() - booked;
            String reason = Objects.toString(clawback.reason(), "order refunded") + (waived > 0 ? " (" + waived + " waived)" : "");
            rows.insertTransaction(tx, type.id(), earn.memberId(), "CLAWBACK", clawback.points(), idempotencyKey, hash, "clawback", reason,
                    clawback.actor(), earn.transactionId(), balance, now);
            if (booked > 0) {
                rows.insertEntries(tx, wallet.id(), accounts.system(type.id(), Kind.ISSUANCE), booked);
            }
            postings.takeFromLots(tx, own, fromOwn);
            postings.takeFromLots(tx, others, fromOthers);
            if (owe > 0) {
                accounts.setOwed(wallet.id(), wallet.owed() + owe);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            return postings.receipt(tx);
        });
    }
}
