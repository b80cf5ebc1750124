package io.jifen.platform.ledger;

/** When earned points expire: never, N months after earning, or at the end of the year N years after the year earned. */
public enum ExpiryPolicy {
    NEVER, ROLLING_MONTHS, YEAR_END
}
