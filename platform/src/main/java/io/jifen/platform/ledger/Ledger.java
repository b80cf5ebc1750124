package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.ledger.internal.EarnCommitter;

/**
 * The points ledger: every change to a balance is a balanced, append-only transaction posted here. Credits make lots
 * with an expiry; debits take from lots earliest expiry first and remember which; refunds give back exactly those.
 * Every posting carries an idempotency key unique in its tenant: a replay answers the first receipt, the same key with
 * another request is a 409. Each family of postings is its own class behind this one.
 */
@Service
public class Ledger {

    /** Points to credit to a member; {@code expiresAt} overrides the point type's expiry policy. */
    public record Earn(UUID memberId, String pointType, long points, @Nullable String source, @Nullable String reason,
                       @Nullable Instant expiresAt, @Nullable String actor, @Nullable Integer pendingDays) {

        /** An earn that waits out the point type's own pending period, if it has one. */
        public Earn(UUID memberId, String pointType, long points, @Nullable String source, @Nullable String reason,
                    @Nullable Instant expiresAt, @Nullable String actor) {
            this(memberId, pointType, points, source, reason, expiresAt, actor, null);
        }

        String hash() {
            // The pending period joins the hash only when set, so earlier earns' keys keep their hashes.
            return pendingDays == null ? Postings.hash("EARN", memberId, pointType, points, source, reason, expiresAt)
                    : Postings.hash("EARN", memberId, pointType, points, source, reason, expiresAt, pendingDays);
        }
    }

    /** Points a member spends (a redemption, a fee). */
    public record Spend(UUID memberId, String pointType, long points, @Nullable String source, @Nullable String reason,
                        @Nullable String actor) {
    }

    /**
     * 积分复活节: points of the member's lots that expired within the last 365 days, spent on an item of an open festival
     * zone (the caller checks the zone's window; the ledger the year).
     */
    public record SpendExpired(UUID memberId, String pointType, long points, @Nullable String source, @Nullable String reason,
                               @Nullable String actor) {
    }

    /** An administrator's correction: positive credits a lot (expiring per policy), negative debits lots; reason and actor are required. */
    public record Adjust(UUID memberId, String pointType, long points, String reason, String actor) {
    }

    /** Reserves points at checkout for {@code ttl}; capture or release settles it, or it releases itself when it times out. */
    public record Hold(UUID memberId, String pointType, long points, Duration ttl, @Nullable String source, @Nullable String reason,
                       @Nullable String actor) {
    }

    /** 积分转赠: points from one member to another of the same tenant, within the point type's daily limit. */
    public record Transfer(UUID fromMemberId, UUID toMemberId, String pointType, long points, @Nullable String reason,
                           @Nullable String actor) {
    }

    /** Reverses points an earn gave (its order was refunded in full or in part). */
    public record Clawback(UUID earnTransactionId, long points, @Nullable String reason, @Nullable String actor) {
    }

    /** Gives back all ({@code points} null) or part of a spend. */
    public record Refund(UUID spendTransactionId, @Nullable Long points, @Nullable String reason, @Nullable String actor) {
    }

    /** An earn with its idempotency key, for {@link #earnAll}. */
    public record KeyedEarn(String idempotencyKey, Earn earn) {
    }

    private final Earns earns;
    private final Spends spends;
    private final Reversals reversals;
    private final Holds holds;
    private final Transfers transfers;
    private final Adjustments adjustments;
    private final Revivals revivals;
    private final Postings postings;

    Ledger(Earns earns, Spends spends, Reversals reversals, Holds holds, Transfers transfers, Adjustments adjustments, Revivals revivals,
           Postings postings) {
        this.earns = earns;
        this.spends = spends;
        this.reversals = reversals;
        this.holds = holds;
        this.transfers = transfers;
        this.adjustments = adjustments;
        this.revivals = revivals;
        this.postings = postings;
    }

    /**
     * Credits points. Outside a caller's transaction the earn is group-committed with concurrent ones
     * ({@link EarnCommitter}); inside one it is posted in that transaction.
     */
    public Receipt earn(String idempotencyKey, Earn earn) {
        return earns.earn(idempotencyKey, earn);
    }

    /**
     * Credits many earns of the current tenant at once, in the caller's transaction (or a new one), with one statement
     * per table for all of them. Answers the receipts in the order asked; a replayed key answers its first receipt. If
     * any earn is refused (unknown point type or member, an inactive member, a key reused with another body), that
     * problem is thrown and, in the caller's transaction, nothing of the call stays.
     */
    public List<Receipt> earnAll(List<KeyedEarn> earns) {
        return this.earns.earnAll(earns);
    }

    /** Takes points from the member's spendable lots, earliest expiry first; beyond them up to what the member may borrow. */
    public Receipt spend(String idempotencyKey, Spend spend) {
        return spends.spend(idempotencyKey, spend);
    }

    /**
     * 积分复活节: spends points the expiry run booked out of the member's lots whose expiry is less than 365 days ago,
     * earliest expiry first, from the tenant's expired account to the redeemed one ({@code SPEND_EXPIRED}); the wallet
     * does not change. Fewer such points than asked: a 422 {@code insufficient-expired-points}. {@link #refund} of it
     * gives them back as expired points ({@code REFUND_EXPIRED}), never as spendable ones.
     */
    public Receipt spendExpired(String idempotencyKey, SpendExpired spend) {
        return revivals.spend(idempotencyKey, spend);
    }

    public Receipt adjust(String idempotencyKey, Adjust adjust) {
        return adjustments.adjust(idempotencyKey, adjust);
    }

    /**
     * Refunds a spend into exactly the lots it took from, latest expiry first, keeping their expiry. Points whose lot
     * has expired meanwhile come back expired: they are not spendable and the expiry run books them out. A refund of a
     * {@link #spendExpired} gives its points back to the expired account, to the lots they came from.
     */
    public Receipt refund(String idempotencyKey, Refund refund) {
        return reversals.refund(idempotencyKey, refund);
    }

    /**
     * Moves points to another member. The receiver gets new lots with the expiry of the lots the points came from, so a
     * transfer never extends a point's life.
     */
    public Receipt transfer(String idempotencyKey, Transfer transfer) {
        return transfers.transfer(idempotencyKey, transfer);
    }

    /**
     * Takes back points an earn gave: from the earn's own lot first; what was spent already follows the point type's
     * clawback policy (owe it, take it from other lots, or waive it). Never more than the earn gave, in total.
     */
    public Receipt clawback(String idempotencyKey, Clawback clawback) {
        return reversals.clawback(idempotencyKey, clawback);
    }

    public Receipt hold(String idempotencyKey, Hold hold) {
        return holds.hold(idempotencyKey, hold);
    }

    /**
     * Holds and captures at once, for a redemption paid in points alone: the same transactions as {@link #hold} under
     * {@code holdKey} then {@link #capture} under {@code captureKey}, posted together. Answers the hold's receipt, whose
     * id refunds and reconciliation name like any captured hold's.
     */
    public Receipt holdCaptured(String holdKey, String captureKey, Hold hold) {
        return holds.holdCaptured(holdKey, captureKey, hold);
    }

    /**
     * Adds to {@code pipeline}, which the caller sends in its transaction before it holds, the wallet locks of the
     * member and what a hold under {@code holdKey} reads behind them (for each point type: the caller need not know yet
     * which one it will hold); the hold then makes one round trip fewer. For a caller with a round trip of its own to
     * make first (a checkout reads its item).
     */
    public void lockAheadOfHold(SqlPipeline pipeline, UUID memberId, String holdKey) {
        holds.lockAhead(pipeline, memberId, holdKey);
    }

    /** Turns a hold into a redemption; refunds of it then restore the lots the hold took. */
    public Receipt capture(String idempotencyKey, UUID holdId, @Nullable String actor) {
        return holds.capture(idempotencyKey, holdId, actor);
    }

    /** Gives a held amount back to exactly the lots it came from. */
    public Receipt release(String idempotencyKey, UUID holdId, @Nullable String actor) {
        return holds.release(idempotencyKey, holdId, actor);
    }

    /** Releases the current tenant's holds that timed out before {@code asOf}; returns how many. */
    public int releaseTimedOutHolds(Instant asOf) {
        return holds.releaseTimedOutHolds(asOf);
    }

    /** The receipt of a transaction of the current tenant. */
    public Receipt readOnlyReceipt(UUID transactionId) {
        return postings.readOnlyReceipt(transactionId);
    }
}
