package io.jifen.platform.insight;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant's dashboard: what its ledger and mall did, day by day, its members by tier, its most redeemed items; its own only. */
class InsightIT extends IntegrationTest {

    @Test
    void theDashboardSumsTheTenantsPointsAndOrdersAndShowsNoOtherTenants() {
        var tenant = fixtures.tenant("insight");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String first = fixtures.member(backEnd, "m-" + UUID.randomUUID());
        String second = fixtures.member(backEnd, "m-" + UUID.randomUUID());
        earn(backEnd, first, 10_000);
        earn(backEnd, second, 3_000);
        String lamp = item(admin, "lamp", 5_000);
        String tea = item(admin, "tea", 1_000);
        order(fixtures.memberToken(tenant, first), lamp);
        order(fixtures.memberToken(tenant, second), tea);
        order(fixtures.memberToken(tenant, second), tea);

        var answer = http().get("/api/v1/insights/dashboard?days=7", admin);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode dashboard = answer.json();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(dashboard.get("to").asString()).isEqualTo(today.toString());
        assertThat(dashboard.get("from").asString()).isEqualTo(today.minusDays(6).toString());
        assertThat(dashboard.get("currency").asString()).isEqualTo("CNY");
        JsonNode totals = dashboard.get("totals");
        assertThat(totals.get("issued").asLong()).isEqualTo(13_000);
        assertThat(totals.get("redeemed").asLong()).isEqualTo(7_000);
        assertThat(totals.get("expired").asLong()).isZero();
        assertThat(totals.get("outstanding").asLong()).isEqualTo(6_000);
        assertThat(totals.get("issuedFen").asLong()).as("1 point = ¥0.01").isEqualTo(13_000);
        assertThat(totals.get("outstandingFen").asLong()).isEqualTo(6_000);
        JsonNode daily = dashboard.get("daily");
        assertThat(daily.size()).as("every day listed, quiet ones too").isEqualTo(7);
        assertThat(daily.get(6).get("day").asString()).isEqualTo(today.toString());
        assertThat(daily.get(6).get("redeemed").asLong()).isEqualTo(7_000);
        assertThat(daily.get(0).get("issued").asLong()).isZero();
        assertThat(dashboard.get("membersByTier").get("").asLong()).as("both members, without a tier").isEqualTo(2);
        JsonNode top = dashboard.get("topItems");
        assertThat(top.size()).isEqualTo(2);
        assertThat(top.get(0).get("item").asString()).as("most units first").isEqualTo(tea);
        assertThat(top.get(0).get("orders").asLong()).isEqualTo(2);
        assertThat(top.get(0).get("points").asLong()).isEqualTo(2_000);
        assertThat(top.get(1).get("title").asString()).isEqualTo("lamp");

        var other = fixtures.tenant("insight-other");
        JsonNode theirs = http().get("/api/v1/insights/dashboard", fixtures.adminToken(other)).json();
        assertThat(theirs.get("daily").size()).as("30 days by default").isEqualTo(30);
        assertThat(theirs.get("totals").get("issued").asLong()).as("another tenant sees none of it").isZero();
        assertThat(theirs.get("topItems")).isEmpty();
        assertThat(theirs.get("membersByTier").size()).isZero();
    }

    @Test
    void aBadPeriodIsRefusedNamingItAndMembersCannotReadTheDashboard() {
        var tenant = fixtures.tenant("insight-bad");
        String admin = fixtures.adminToken(tenant);
        for (String days : new String[] {"0", "367", "many"}) {
            var refused = http().get("/api/v1/insights/dashboard?days=" + days, admin);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("days");
        }
        String member = fixtures.member(fixtures.apiToken(tenant), "m-1");
        assertThat(http().get("/api/v1/insights/dashboard", fixtures.memberToken(tenant, member)).status()).isEqualTo(403);
    }

    private void earn(String token, String member, long points) {
        var earned = http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json", Http.json(Map.of("points", points)),
                UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
    }

    private String item(String admin, String title, long priceFen) {
        var created = http().postJson("/api/v1/mall/items", admin, Map.of("kind", "VIRTUAL", "title", title, "status", "ON_SALE", "payment", "POINTS",
                "priceFen", priceFen, "stock", 10));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return "item:" + created.json().get("id").asString();
    }

    private void order(String memberToken, String item) {
        var placed = http().send("POST", "/api/v1/me/orders", memberToken, "application/json", Http.json(Map.of("item", item, "quantity", 1)),
                UUID.randomUUID().toString());
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    }
}
