package io.jifen.platform.ledger;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a programme says a member may borrow (积分借贷), e.g. the loan limit of the member's tier. Another module
 * implements it; the ledger asks it when a spend goes beyond the member's points, and falls back to the point type's
 * limit when it says nothing.
 */
public interface MemberLoanLimits {

    /** The member's loan limit in the point type, if the programme sets one. Called inside the ledger's transaction. */
    OptionalLong limit(UUID memberId, String pointTypeCode);
}
