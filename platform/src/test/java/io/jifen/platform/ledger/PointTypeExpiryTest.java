package io.jifen.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class PointTypeExpiryTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void yearEndPolicyExpiresPointsAtTheEndOfTheYearAfterTheYearTheyWereEarnedInTheTenantsZone() {
        var type = pointType(ExpiryPolicy.YEAR_END, 0, 1);
        // 2026-12-31 23:30 in Shanghai is still 2026 there, though it is 15:30 UTC.
        assertThat(type.expiresAt(Instant.parse("2026-12-31T15:30:00Z"), SHANGHAI)).isEqualTo(Instant.parse("2027-12-31T16:00:00Z"));
        // 2027-01-01 00:30 in Shanghai is 2027 there, though it is still 2026 in UTC.
        assertThat(type.expiresAt(Instant.parse("2026-12-31T16:30:00Z"), SHANGHAI)).isEqualTo(Instant.parse("2028-12-31T16:00:00Z"));
    }

    @Test
    void rollingPolicyExpiresPointsMonthsAfterEarningAndNeverMeansNever() {
        assertThat(pointType(ExpiryPolicy.ROLLING_MONTHS, 12, 0).expiresAt(Instant.parse("2026-02-28T04:00:00Z"), SHANGHAI))
                .isEqualTo(Instant.parse("2027-02-28T04:00:00Z"));
        assertThat(pointType(ExpiryPolicy.NEVER, 0, 0).expiresAt(Instant.parse("2026-02-28T04:00:00Z"), SHANGHAI)).isNull();
    }

    private static PointType pointType(ExpiryPolicy policy, int months, int years) {
        var type = new PointType(java.util.UUID.randomUUID(), "points", "积分", 1, 1, "CNY", Instant.EPOCH);
        type.changeExpiry(policy, months, years);
        return type;
    }
}
