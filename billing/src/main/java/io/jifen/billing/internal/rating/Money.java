package io.jifen.billing.internal.rating;

/**
 * Billing's one rounding rule: an amount is computed exactly as a fraction of integer fen and rounded once, at the line,
 * half up (a half fen away from zero: 0.5 -> 1, -0.5 -> -1). Overflow fails rather than wraps.
 */
public final class Money {

    private Money() {
    }

    /** {@code numerator / denominator} rounded half up (away from zero); the denominator is positive. */
    public static long roundHalfUp(long numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive");
        }
        long magnitude = Math.abs(numerator);
        long quotient = magnitude / denominator;
        long remainder = magnitude % denominator;
        // remainder * 2 >= denominator, without overflowing: remainder < denominator.
        if (remainder >= denominator - remainder) {
            quotient++;
        }
        return numerator < 0 ? -quotient : quotient;
    }

    /** {@code amount * basisPoints / 10000}, rounded half up. */
    public static long basisPoints(long amount, int basisPoints) {
        return roundHalfUp(Math.multiplyExact(amount, (long) basisPoints), 10_000);
    }

    /** {@code amount * days / daysInMonth}, rounded half up: a monthly amount prorated by day. */
    public static long prorate(long amount, long days, long daysInMonth) {
        return roundHalfUp(Math.multiplyExact(amount, days), daysInMonth);
    }

    /** Fen as yuan with two decimals ("-12.05"). */
    public static String yuan(long fen) {
        long abs = Math.abs(fen);
        return (fen < 0 ? "-" : "") + abs / 100 + "." + String.format("%02d", abs % 100);
    }
}
