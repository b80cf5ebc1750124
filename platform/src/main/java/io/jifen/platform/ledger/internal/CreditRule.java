package io.jifen.platform.ledger.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.ledger.ExpiryPolicy;
import io.jifen.platform.ledger.PointType;

/**
 * The posting rule for credits, with a point type's terms for new lots: what the member owes (a points loan, a
 * clawback) is repaid first, and the rest opens lots with their expiry and, for earns, their pending period. Pure:
 * single postings (earn, positive adjustment, transfer in, refund of a borrowed spend) and group-committed earns both
 * ask it what a credit does and write what it answers.
 */
public record CreditRule(ExpiryPolicy expiryPolicy, int expiryMonths, int expiryYears, int pendingDays) {

    /** Points coming in with their expiry (null: never), such as one lot's share of a transfer. */
    public record Portion(long points, @Nullable Instant expiresAt) {
    }

    /** A lot to open: spendable from {@code availableAt} (null: at once) until {@code expiresAt} (null: forever). */
    public record NewLot(long points, @Nullable Instant expiresAt, @Nullable Instant availableAt) {
    }

    /** What a credit does to a wallet: {@code repaid} of what was owed ({@code owedAfter} is left), and the lots to open. */
    public record Credit(long repaid, long owedAfter, List<NewLot> lots) {
    }

    public static CreditRule of(PointType type) {
        return new CreditRule(type.expiryPolicy(), type.expiryMonths(), type.expiryYears(), type.pendingDays());
    }

    /**
     * An earn: its lot expires at {@code expiresAt}, else as the point type's policy says (counted in the tenant's
     * zone, asked for only then), and waits out the earn's own pending period, else the point type's.
     */
    public Credit earn(long owed, long points, @Nullable Instant expiresAt, @Nullable Integer pendingDays, Instant now,
                       Supplier<ZoneId> zone) {
        Instant expiry = expiresAt != null ? expiresAt : expiresAt(now, zone.get());
        int days = pendingDays != null ? pendingDays : this.pendingDays;
        return credit(owed, List.of(new Portion(points, expiry)), days > 0 ? now.plus(Duration.ofDays(days)) : null);
    }

    /** A credit that is not an earn (a positive adjustment, the borrowed part of a refunded spend): expiring per policy, spendable at once. */
    public Credit issue(long owed, long points, Instant now, Supplier<ZoneId> zone) {
        return credit(owed, List.of(new Portion(points, expiresAt(now, zone.get()))), null);
    }

    /** Points transferred in: each portion keeps the expiry of the lot it came from, so a transfer never extends a point's life. */
    public static Credit transferIn(long owed, List<Portion> portions) {
        return credit(owed, portions, null);
    }

    /** When points earned at {@code earnedAt} expire under this type's policy; null for never. */
    public @Nullable Instant expiresAt(Instant earnedAt, ZoneId zone) {
        return expiryPolicy.expiresAt(earnedAt, zone, expiryMonths, expiryYears);
    }

    /** The rule itself: the portions repay what is owed in their order, and what is left of each becomes a lot. */
    static Credit credit(long owed, List<Portion> portions, @Nullable Instant availableAt) {
        long repay = Math.min(owed, portions.stream().mapToLong(Portion::points).sum());
        long left = repay;
        List<NewLot> lots = new ArrayList<>(portions.size());
        for (Portion portion : portions) {
            long repaid = Math.min(left, portion.points());
            left -= repaid;
            if (portion.points() > repaid) {
                lots.add(new NewLot(portion.points() - repaid, portion.expiresAt(), availableAt));
            }
        }
        return new Credit(repay, owed - repay, List.copyOf(lots));
    }
}
