package io.jifen.platform.ledger.internal;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/** The refusals that single postings and group-committed earns share, so that both answer them alike. */
public final class LedgerProblems {

    private LedgerProblems() {
    }

    public static DomainException keyReused(String key) {
        return DomainException.conflict("idempotency-key-reused", "The idempotency key '" + key + "' was used for a different request");
    }

    public static DomainException memberNotActive(String status) {
        return new DomainException(ProblemKind.REFUSED, "member-not-active", "Member not active",
                "The member is " + status + " and can neither earn nor spend");
    }

    /** An unknown point type is bad input: a 400 naming the field. */
    public static DomainException unknownPointType(String code) {
        return DomainException.invalidField("pointType", "no point type '" + code + "' in this tenant");
    }
}
