package io.jifen.platform.ledger;

/** What a clawback does when the points it reverses were spent already. */
public enum ClawbackPolicy {
    /** The member owes the rest; later credits repay it first. */
    NEGATIVE,
    /** The rest comes from the member's other lots, earliest expiry first; what they cannot cover is waived. */
    OTHER_LOTS,
    /** The rest is forgiven. */
    WAIVE
}
