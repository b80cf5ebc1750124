package io.jifen.platform.segment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.support.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The RFM segments job over HTTP, rules and wake-up tasks that target a segment, and the dormancy announcements. */
class SegmentIT extends IntegrationTest {

    @Autowired
    DormantMembersHeard dormant;

    @Test
    void theSegmentsJobScoresMembersByRecencyFrequencyAndMonetaryAndRulesCanTargetASegment() {
        var tenant = fixtures.tenant("earn-rfm");
        String backEnd = fixtures.apiToken(tenant);
        fixtures.publish(fixtures.adminToken(tenant), """
                {"rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                           {"id": "vip-check-in", "eventTypes": ["CHECK_IN"], "when": {"segments": ["HIGH_VALUE"]}, "award": {"kind": "FIXED", "points": 100}}],
                 "tasks": [{"id": "wake-up", "name": "回归有礼", "eventType": "ORDER_PAID", "count": 1, "points": 300, "when": {"segments": ["DORMANT"]}}]}""",
                Instant.now().minus(400, ChronoUnit.DAYS), null);
        String loyal = fixtures.member(backEnd, "rfm-loyal");
        String lapsed = fixtures.member(backEnd, "rfm-lapsed");
        String never = fixtures.member(backEnd, "rfm-never");
        String newcomer = fixtures.member(backEnd, "rfm-new");
        Instant now = Instant.now().minus(1, ChronoUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            fixtures.postAt(backEnd, order("rfm-l-" + i, loyal, 90_000, "shoes", 90_000, "x", 0), now.minus(10 - i, ChronoUnit.DAYS));
        }
        fixtures.postAt(backEnd, order("rfm-p-1", lapsed, 40_000, "shoes", 40_000, "x", 0), now.minus(200, ChronoUnit.DAYS));
        fixtures.postAt(backEnd, order("rfm-n-1", newcomer, 1_000, "shoes", 1_000, "x", 0), now.minus(1, ChronoUnit.DAYS));

        var run = http().postJson("/api/v1/operator/member-segments/runs", fixtures.operatorToken(), Map.of());

        assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(segment(backEnd, loyal)).isEqualTo("HIGH_VALUE");
        assertThat(segment(backEnd, newcomer)).isEqualTo("POTENTIAL");
        assertThat(segment(backEnd, lapsed)).isEqualTo("DORMANT");
        assertThat(segment(backEnd, never)).isEqualTo("CHURNED");
        assertThat(http().get("/api/v1/earning/segments", backEnd).json().get("HIGH_VALUE").asLong()).isEqualTo(1);
        assertThat(fixtures.checkIn(backEnd, "rfm-ci-1", loyal, now, null)).as("the high-value member's check-in").isEqualTo(100);
        assertThat(fixtures.checkIn(backEnd, "rfm-ci-2", newcomer, now, null)).isZero();
        assertThat(dormant.heard).as("the lapsed member is announced with their wake-up task, once")
                .filteredOn(heard -> heard.memberId().toString().equals(lapsed))
                .extracting(MemberBecameDormant::wakeUpTasks).containsExactly(List.of("wake-up"));
        http().postJson("/api/v1/operator/member-segments/runs", fixtures.operatorToken(), Map.of());
        assertThat(dormant.heard).filteredOn(heard -> heard.memberId().toString().equals(lapsed)).hasSize(1);
        assertThat(fixtures.points(backEnd, order("rfm-p-2", lapsed, 10_000, "shoes", 10_000, "x", 0))).as("100 for the order, 300 for coming back")
                .isEqualTo(400);
        assertThat(fixtures.points(backEnd, order("rfm-l-9", loyal, 10_000, "shoes", 10_000, "x", 0))).isEqualTo(100);
    }

    private String segment(String token, String member) {
        return http().get("/api/v1/members/" + member + "/segment", token).json().get("segment").asString();
    }
}
