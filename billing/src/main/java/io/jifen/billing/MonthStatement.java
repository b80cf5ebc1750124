package io.jifen.billing;

import java.util.UUID;

/**
 * A tenant's figures for a month, from its ledger: members with a points movement in the month, points issued,
 * redeemed (net of refunds) and expired in it, and the points liability at the month's end, valued in fen.
 */
public record MonthStatement(UUID tenantId, long activeMembers, long pointsIssued, long pointsRedeemed, long pointsExpired, long liabilityFen) {

    public static MonthStatement empty(UUID tenantId) {
        return new MonthStatement(tenantId, 0, 0, 0, 0, 0);
    }
}
