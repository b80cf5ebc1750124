package io.jifen.billing;

import java.time.Instant;

/**
 * One metered event, idempotent by its key within the tenant (the same key again is ignored). {@code redemptionFen}: the
 * value redeemed (points at their value, plus cash), negative for a refund; {@code goodsCostFen}: supplier goods cost
 * passed through, negative for goods no longer owed; {@code quantity}: notifications sent.
 */
public record Usage(String key, Kind kind, Instant occurredAt, long redemptionFen, long goodsCostFen, long quantity) {

    public enum Kind { REDEMPTION, REFUND, NOTIFICATION }

    public static Usage redemption(String key, Instant at, long redemptionFen, long goodsCostFen) {
        return new Usage(key, Kind.REDEMPTION, at, redemptionFen, goodsCostFen, 0);
    }

    public static Usage refund(String key, Instant at, long redemptionFen, long goodsCostFen) {
        return new Usage(key, Kind.REFUND, at, -redemptionFen, -goodsCostFen, 0);
    }

    public static Usage notifications(String key, Instant at, long sent) {
        return new Usage(key, Kind.NOTIFICATION, at, 0, 0, sent);
    }
}
