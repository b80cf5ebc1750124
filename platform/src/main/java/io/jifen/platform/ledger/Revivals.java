package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.Postings.OpenLot;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

import static io.jifen.platform.ledger.LedgerRows.instant;
import static io.jifen.platform.ledger.LedgerRows.utc;

/**
 * 积分复活节: spends of points that expired within the last year ({@code SPEND_EXPIRED}, from the tenant's expired
 * account to the redeemed one) and their refunds ({@code REFUND_EXPIRED}, back to the expired account). The member's
 * wallet and lots do not move: the points left them when they expired. What each spend took from which lot's expired
 * points is kept in {@code ledger_expired_movement} (negative; a refund's positive), so a lot's revivable points are what
 * the expiry run booked out of it plus those movements, and a refund gives back exactly what the spend took, as expired
 * points again. Like every posting of a member, it runs under the member's wallet lock, so two festival spends, a spend
 * and a refund, or a spend and an expiry run of the same member take turns and never revive a point twice.
 */
@Component
class Revivals {

    /** How long after their expiry points can still be revived. */
    static final Duration REVIVABLE_FOR = Duration.ofDays(365);

    private final Postings postings;
    private final LedgerRows rows;
    private final LedgerAccounts accounts;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final JdbcClient jdbc;
    private final Clock clock;

    Revivals(Postings postings, LedgerRows rows, LedgerAccounts accounts, PointTypeCatalog pointTypes, MemberDirectory members,
             JdbcClient jdbc, Clock clock) {
        this.postings = postings;
        this.rows = rows;
        this.accounts = accounts;
        this.pointTypes = pointTypes;
        this.members = members;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Receipt spend(String idempotencyKey, Ledger.SpendExpired spend) {
        if (spend.points() < 1) {
            throw DomainException.invalidField("points", "must be at least 1");
        }
        String hash = Postings.hash("SPEND_EXPIRED", spend.memberId(), spend.pointType(), spend.points(), spend.source(), spend.reason(), null);
        return postings.idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(spend.pointType());
            Postings.requireActive(members.status(spend.memberId()));
            var wallet = accounts.lockWallet(type.id(), spend.memberId());
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            List<OpenLot> lots = revivableLots(spend.memberId(), type.id(), now);
            long revivable = lots.stream().mapToLong(OpenLot::remaining).sum();
            if (revivable < spend.points()) {
                throw new DomainException(ProblemKind.REFUSED, "insufficient-expired-points", "Insufficient expired points",
                        "The member has " + revivable + " points that expired within the last " + REVIVABLE_FOR.toDays()
                                + " days and can be revived; " + spend.points() + " were asked for", List.of());
            }
            UUID tx = TimeOrderedIds.next();
            rows.insertTransaction(tx, type.id(), spend.memberId(), "SPEND_EXPIRED", spend.points(), idempotencyKey, hash, spend.source(),
                    spend.reason(), spend.actor(), null, wallet.balance(), now);
            rows.insertEntries(tx, accounts.system(type.id(), Kind.EXPIRED), accounts.system(type.id(), Kind.REDEEMED), spend.points());
            long left = spend.points();
            for (OpenLot lot : lots) {
                if (left == 0) {
                    break;
                }
                long take = Math.min(left, lot.remaining());
                insertMovement(tx, lot.id(), -take);
                left -= take;
            }
            return postings.receipt(tx);
        });
    }

    /**
     * Refunds (all or part of) a festival spend into the lots it took from, latest expiry first, as expired points: they
     * can be revived again while their expiry is less than a year ago, and are never spendable. Called by
     * {@link Reversals#refund} inside its idempotent transaction.
     */
    Receipt refund(String idempotencyKey, String hash, Ledger.Refund refund, Receipt spend) {
        PointType type = pointTypes.byCode(spend.pointType());
        var wallet = accounts.lockWallet(type.id(), spend.memberId());
        Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
        if (replay.isPresent()) {
            return replay.get();
        }
        // Per lot: what the spend took, less what earlier refunds of it gave back.
        List<OpenLot> taken = jdbc.sql("""
                        select r.lot_id, -r.amount - coalesce((
                                   select sum(b.amount) from platform.ledger_expired_movement b
                                   join platform.ledger_transaction bt on bt.tenant_id = b.tenant_id and bt.id = b.transaction_id
                                   where b.tenant_id = r.tenant_id and b.lot_id = r.lot_id and bt.reverses_id = r.transaction_id), 0) as refundable,
                               l.expires_at
                        from platform.ledger_expired_movement r
                        join platform.ledger_lot l on l.tenant_id = r.tenant_id and l.id = r.lot_id
                        where r.tenant_id = platform.current_tenant() and r.transaction_id = ?
                        order by l.expires_at desc nulls first, l.earned_at desc, l.id""")
                .param(spend.transactionId())
                .query((rs, n) -> new OpenLot(rs.getObject(1, UUID.class), rs.getLong(2), instant(rs.getObject(3, OffsetDateTime.class))))
                .list();
        long refundable = taken.stream().mapToLong(OpenLot::remaining).sum();
        long points = refund.points() == null ? refundable : refund.points();
        if (points <= 0 || points > refundable) {
            throw new DomainException(ProblemKind.REFUSED, "refund-exceeds-spend", "Refund exceeds spend",
                    refundable + " points of this spend can still be refunded; " + points + " were asked for", List.of());
        }
        Instant now = clock.instant();
        UUID tx = TimeOrderedIds.next();
        rows.insertTransaction(tx, type.id(), spend.memberId(), "REFUND_EXPIRED", points, idempotencyKey, hash, "refund", refund.reason(),
                refund.actor(), spend.transactionId(), wallet.balance(), now);
        rows.insertEntries(tx, accounts.system(type.id(), Kind.REDEEMED), accounts.system(type.id(), Kind.EXPIRED), points);
        long left = points;
        for (OpenLot lot : taken) {
            if (left == 0) {
                break;
            }
            long give = Math.min(left, lot.remaining());
            if (give > 0) {
                insertMovement(tx, lot.id(), give);
                left -= give;
            }
        }
        return postings.receipt(tx);
    }

    /** The member's points that can be revived now: those booked out of lots whose expiry is less than a year ago. */
    long revivable(UUID memberId, UUID pointTypeId, Instant now) {
        return revivableLots(memberId, pointTypeId, now).stream().mapToLong(OpenLot::remaining).sum();
    }

    /**
     * The member's lots with revivable points (as {@code remaining}), earliest expiry first. Found through the member's
     * EXPIRE transactions of the last year (the statement's index) rather than the lots, whose only index covers open
     * lots: an expired lot has nothing open left. Its points expired within the year if its expiry is; the expiry run
     * books a lot out only after its expiry, so its EXPIRE transactions are newer still.
     */
    List<OpenLot> revivableLots(UUID memberId, UUID pointTypeId, Instant now) {
        Instant since = now.minus(REVIVABLE_FOR);
        List<OpenLot> lots = new ArrayList<>();
        jdbc.sql(revivableLotsQuery("?", "?", "?") + " order by l.expires_at, l.earned_at, l.id")
                .params(memberId, pointTypeId, utc(since), utc(since))
                .query(rs -> {
                    long revivable = rs.getLong(2);
                    if (revivable > 0) {
                        lots.add(new OpenLot(rs.getObject(1, UUID.class), revivable, instant(rs.getObject(3, OffsetDateTime.class))));
                    }
                });
        return lots;
    }

    /**
     * The query of {@link #revivableLots} (columns: lot id, its revivable points, which may be 0 or less, its expiry),
     * over the SQL expressions given for the member, the point type and the start of the revivable year (each {@code ?}
     * or a column of an outer query; {@code since} appears twice), so that the balance read can sum it in its statement.
     */
    static String revivableLotsQuery(String member, String pointType, String since) {
        return """
                select l.id, e.points + coalesce((select sum(r.amount) from platform.ledger_expired_movement r
                                                  where r.tenant_id = l.tenant_id and r.lot_id = l.id), 0) as revivable,
                       l.expires_at
                from (select mv.lot_id, -sum(mv.amount) as points
                      from platform.ledger_transaction t
                      join platform.ledger_lot_movement mv on mv.tenant_id = t.tenant_id and mv.transaction_id = t.id
                      where t.tenant_id = platform.current_tenant() and t.member_id = %1$s and t.point_type_id = %2$s and t.kind = 'EXPIRE'
                        and t.created_at > %3$s
                      group by mv.lot_id) as e
                join platform.ledger_lot l on l.tenant_id = platform.current_tenant() and l.id = e.lot_id
                where l.expires_at > %3$s""".formatted(member, pointType, since);
    }

    private void insertMovement(UUID tx, UUID lot, long amount) {
        jdbc.sql("insert into platform.ledger_expired_movement (tenant_id, transaction_id, lot_id, amount) values (platform.current_tenant(), ?, ?, ?)")
                .params(tx, lot, amount)
                .update();
    }
}
