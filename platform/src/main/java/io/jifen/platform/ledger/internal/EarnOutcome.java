package io.jifen.platform.ledger.internal;

import io.jifen.platform.ledger.Receipt;
import io.jifen.platform.problem.DomainException;

/** What became of one earn of a batch. */
public sealed interface EarnOutcome {

    /** Posted by this batch; the receipt counts only once the batch has committed. */
    record Posted(Receipt receipt) implements EarnOutcome {
    }

    /** Its key was posted before (or earlier in the same batch) with the same request: the first receipt. */
    record Replayed(Receipt receipt) implements EarnOutcome {
    }

    /** Not posted: an unknown point type or member, an inactive member, or a key used before for another request. */
    record Refused(DomainException problem) implements EarnOutcome {
    }

    /** The receipt of a posted or replayed earn; the problem of a refused one is thrown. */
    default Receipt receiptOrThrow() {
        return switch (this) {
            case Posted posted -> posted.receipt();
            case Replayed replayed -> replayed.receipt();
            case Refused refused -> throw refused.problem();
        };
    }
}
