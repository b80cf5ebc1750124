package io.jifen.platform.mall;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.segment.MemberSegments;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zones over HTTP: written by admins and read by staff, bad zones refused naming the field, and every kind admitting and
 * refusing the right members (audiences, new members, tiers, segments, festivals, inactive and closed zones), items in
 * several zones, unlock gating, and the quote's refusal and its festival flag.
 */
class MallZonesIT extends IntegrationTest {

    @Autowired
    MemberSegments segments;

    private static Map<String, Object> zone(String kind, String title) {
        var body = new LinkedHashMap<String, Object>();
        body.put("kind", kind);
        body.put("title", title);
        return body;
    }

    private String create(String admin, Map<String, Object> body) {
        var created = http().postJson("/api/v1/mall/zones", admin, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private void put(String admin, String zone, String ref) {
        var put = http().send("PUT", "/api/v1/mall/zones/" + zone + "/items", admin, "application/json", Http.json(Map.of("ref", ref)));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private String member(String backEnd, String externalId, String audience) {
        var created = http().postJson("/api/v1/members", backEnd, Map.of("externalId", externalId, "audience", audience, "displayName", "会员"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** "admitted" (with " with expired points" for a festival), or the refusal's type. */
    private String verdict(String token, String member, String ref, Instant at) {
        var answer = http().get("/api/v1/members/" + member + "/mall-eligibility?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8)
                + (at == null ? "" : "&at=" + at), token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode verdict = answer.json().get(0);
        assertThat(verdict.get("ref").asString()).isEqualTo(ref);
        if (verdict.get("admitted").asBoolean()) {
            return verdict.get("expiredPoints").asBoolean() ? "admitted with expired points" : "admitted";
        }
        assertThat(verdict.get("detail").asString()).isNotBlank();
        return verdict.get("refusal").asString();
    }

    private String verdict(String token, String member, String ref) {
        return verdict(token, member, ref, null);
    }

    @Test
    void everyKindOfZoneAdmitsItsMembersAndRefusesTheOthersSayingWhy() {
        var tenant = fixtures.tenant("zones");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        fixtures.publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0}, {"code": "gold", "name": "黄金", "minScore": 100000}],
                 "rules": [{"id": "check-in", "eventTypes": ["CHECK_IN"], "award": {"kind": "FIXED", "points": 10}}],
                 "tasks": [{"id": "invite", "name": "邀请好友", "eventType": "INVITE_ACCEPTED", "count": 1, "points": 0, "unlocks": "vip-mug"}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        String newcomer = member(backEnd, "z-new", "CONSUMER");
        String bronze = member(backEnd, "z-bronze", "CONSUMER");
        fixtures.points(backEnd, Fixtures.checkIn("z-check-in", bronze));
        fixtures.points(backEnd, Http.json(Map.of("eventId", "z-invite", "type", "INVITE_ACCEPTED", "memberId", bronze)));
        String employee = member(backEnd, "z-employee", "EMPLOYEE");
        String dealer = member(backEnd, "z-dealer", "DEALER");
        String guide = member(backEnd, "z-guide", "SALES_GUIDE");
        // Members without events are CHURNED; the one who checked in is not.
        TenantContext.runAs(tenant.id(), () -> segments.refresh(Instant.now()));

        Instant now = Instant.now();
        var newMembers = zone("NEW_MEMBERS", "新人专区");
        newMembers.put("newMemberDays", 30);
        put(admin, create(admin, newMembers), "hub:jd:new");
        String staff = create(admin, zone("EMPLOYEES", "员工专区"));
        put(admin, staff, "hub:jd:staff");
        put(admin, create(admin, zone("DEALERS", "经销商专区")), "hub:jd:dealers");
        put(admin, create(admin, zone("GUIDES", "导购专区")), "hub:jd:guides");
        var tiers = zone("TIERS", "青铜专享");
        tiers.put("tierCodes", List.of("bronze"));
        put(admin, create(admin, tiers), "hub:jd:bronze");
        var churned = zone("SEGMENT", "流失召回");
        churned.put("segment", "CHURNED");
        put(admin, create(admin, churned), "hub:jd:churned");
        var festival = zone("FESTIVAL", "积分复活节");
        festival.put("startsAt", now.minus(Duration.ofHours(1)).toString());
        festival.put("endsAt", now.plus(Duration.ofDays(1)).toString());
        String festivalZone = create(admin, festival);
        put(admin, festivalZone, "hub:jd:festival");
        var later = zone("FESTIVAL", "下一届复活节");
        later.put("startsAt", now.plus(Duration.ofDays(30)).toString());
        later.put("endsAt", now.plus(Duration.ofDays(31)).toString());
        put(admin, create(admin, later), "hub:jd:later");
        var inactive = zone("EMPLOYEES", "停用的员工专区");
        inactive.put("status", "INACTIVE");
        put(admin, create(admin, inactive), "hub:jd:off");
        // An item in two zones: employees buy it as usual, everyone else at the festival with expired points.
        put(admin, staff, "hub:jd:both");
        put(admin, festivalZone, "hub:jd:both");
        // Unlock gating, alone and on top of a zone.
        requireUnlock(admin, "hub:jd:vip", "vip-mug");
        put(admin, staff, "hub:jd:vip-staff");
        requireUnlock(admin, "hub:jd:vip-staff", "vip-mug");

        List<String> everyone = List.of(newcomer, bronze, employee, dealer, guide);
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("hub:jd:open", List.of("admitted", "admitted", "admitted", "admitted", "admitted"));
        expected.put("hub:jd:new", List.of("admitted", "admitted", "admitted", "admitted", "admitted"));
        expected.put("hub:jd:staff", List.of("zone-members-only", "zone-members-only", "admitted", "zone-members-only", "zone-members-only"));
        expected.put("hub:jd:dealers", List.of("zone-members-only", "zone-members-only", "zone-members-only", "admitted", "zone-members-only"));
        expected.put("hub:jd:guides", List.of("zone-members-only", "zone-members-only", "zone-members-only", "zone-members-only", "admitted"));
        expected.put("hub:jd:bronze", List.of("tier-required", "admitted", "tier-required", "tier-required", "tier-required"));
        expected.put("hub:jd:churned", List.of("admitted", "segment-required", "admitted", "admitted", "admitted"));
        String festive = "admitted with expired points";
        expected.put("hub:jd:festival", List.of(festive, festive, festive, festive, festive));
        expected.put("hub:jd:later", List.of("festival-closed", "festival-closed", "festival-closed", "festival-closed", "festival-closed"));
        expected.put("hub:jd:off", List.of("zone-closed", "zone-closed", "zone-closed", "zone-closed", "zone-closed"));
        expected.put("hub:jd:both", List.of(festive, festive, "admitted", festive, festive));
        expected.put("hub:jd:vip", List.of("unlock-required", "admitted", "unlock-required", "unlock-required", "unlock-required"));
        expected.put("hub:jd:vip-staff", List.of("zone-members-only", "zone-members-only", "unlock-required", "zone-members-only", "zone-members-only"));
        expected.forEach((ref, verdicts) -> {
            List<String> found = new ArrayList<>();
            everyone.forEach(member -> found.add(verdict(backEnd, member, ref)));
            assertThat(found).as(ref + " for newcomer, bronze, employee, dealer, guide").isEqualTo(verdicts);
        });

        Instant inForty = now.plus(Duration.ofDays(40));
        assertThat(verdict(backEnd, newcomer, "hub:jd:new", inForty)).as("30 days after joining, no longer new").isEqualTo("new-members-only");
        assertThat(verdict(backEnd, newcomer, "hub:jd:festival", now.plus(Duration.ofDays(2)))).isEqualTo("festival-closed");
        assertThat(verdict(backEnd, newcomer, "hub:jd:later", now.plus(Duration.ofDays(30)).plusSeconds(1))).isEqualTo(festive);
        assertThat(verdict(backEnd, employee, "hub:jd:both", now.plus(Duration.ofDays(2)))).as("the employee zone still admits").isEqualTo("admitted");
        assertThat(verdict(backEnd, newcomer, "hub:jd:both", now.plus(Duration.ofDays(2)))).as("the first zone's reason").isEqualTo("zone-members-only");
        var detail = http().get("/api/v1/members/" + newcomer + "/mall-eligibility?ref=hub:jd:both&at=" + now.plus(Duration.ofDays(2)), backEnd)
                .json().get(0).get("detail").asString();
        assertThat(detail).contains("员工专区", "积分复活节");
        var batch = http().get("/api/v1/members/" + employee + "/mall-eligibility?ref=hub:jd:staff&ref=hub:jd:dealers&ref=item:" + UUID.randomUUID(),
                backEnd).json();
        assertThat(batch).extracting(v -> v.get("admitted").asBoolean()).containsExactly(true, false, true);
        assertThat(http().get("/api/v1/members/" + employee + "/mall-eligibility?ref=nonsense", backEnd).status()).isEqualTo(400);
        assertThat(http().get("/api/v1/members/" + UUID.randomUUID() + "/mall-eligibility?ref=hub:jd:staff", backEnd).status()).isEqualTo(404);
    }

    @Test
    void aQuoteRefusesAMemberTheItemsZonesDoNotAdmitAndSaysWhenExpiredPointsPay() {
        var tenant = fixtures.tenant("zone-quotes");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String consumer = member(backEnd, "q-consumer", "CONSUMER");
        String employee = member(backEnd, "q-employee", "EMPLOYEE");
        String cup = createItem(admin, "cup");
        String mug = createItem(admin, "mug");
        String staff = create(admin, zone("EMPLOYEES", "员工专区"));
        put(admin, staff, "item:" + mug);
        var festival = zone("FESTIVAL", "积分复活节");
        festival.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
        festival.put("endsAt", Instant.now().plus(Duration.ofDays(1)).toString());
        put(admin, create(admin, festival), "item:" + cup);

        var refused = quote(admin, mug, consumer);
        var employeeMug = quote(admin, mug, employee);
        var festivalCup = quote(admin, cup, consumer);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("type").asString()).isEqualTo("https://jifen.io/problems/zone-members-only");
        assertThat(refused.json().get("detail").asString()).contains("员工专区", "CONSUMER");
        assertThat(employeeMug.status()).as(employeeMug.body()).isEqualTo(200);
        assertThat(employeeMug.json().get("expiredPoints").asBoolean()).isFalse();
        assertThat(festivalCup.status()).as(festivalCup.body()).isEqualTo(200);
        assertThat(festivalCup.json().get("expiredPoints").asBoolean()).as("paid with points that expired within the year").isTrue();
        assertThat(festivalCup.json().get("points").asLong()).isEqualTo(5_000);

        requireUnlock(admin, "item:" + cup, "vip-mug");
        var locked = quote(admin, cup, consumer);
        assertThat(locked.status()).isEqualTo(422);
        assertThat(locked.json().get("type").asString()).isEqualTo("https://jifen.io/problems/unlock-required");
    }

    @Test
    void adminsWriteZonesStaffReadThemAndBadInputIsA400NamingTheField() {
        var tenant = fixtures.tenant("zone-api");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String cup = createItem(admin, "cup");

        var noDays = zone("NEW_MEMBERS", "新人");
        var foreignField = zone("EMPLOYEES", "员工");
        foreignField.put("tierCodes", List.of("gold"));
        var badSegment = zone("SEGMENT", "分群");
        badSegment.put("segment", "VIP");
        var noWindow = zone("FESTIVAL", "复活节");
        var backwards = zone("DEALERS", "经销商");
        backwards.put("startsAt", "2030-02-01T00:00:00Z");
        backwards.put("endsAt", "2030-01-01T00:00:00Z");
        var noTitle = zone("GUIDES", " ");
        assertThat(fields(http().postJson("/api/v1/mall/zones", admin, noDays))).containsExactly("newMemberDays");
        assertThat(fields(http().postJson("/api/v1/mall/zones", admin, foreignField))).containsExactly("tierCodes");
        assertThat(fields(http().postJson("/api/v1/mall/zones", admin, badSegment))).containsExactly("segment");
        assertThat(fields(http().postJson("/api/v1/mall/zones", admin, noWindow))).containsExactlyInAnyOrder("startsAt", "endsAt");
        assertThat(fields(http().postJson("/api/v1/mall/zones", admin, backwards))).containsExactly("endsAt");
        assertThat(fields(http().postJson("/api/v1/mall/zones", admin, noTitle))).containsExactly("title");
        assertThat(http().postJson("/api/v1/mall/zones", admin, "{\"kind\": \"VIP_LOUNGE\", \"title\": \"x\"}").status()).isEqualTo(400);
        assertThat(http().get("/api/v1/mall/zones", admin).json()).as("nothing was written").isEmpty();

        assertThat(http().postJson("/api/v1/mall/zones", backEnd, zone("EMPLOYEES", "员工")).status()).as("staff read only").isEqualTo(403);
        var tiers = zone("TIERS", "金卡专享");
        tiers.put("tierCodes", List.of("gold"));
        String id = create(admin, tiers);
        var read = http().get("/api/v1/mall/zones/" + id, backEnd);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(read.json().get("tierCodes").get(0).asString()).isEqualTo("gold");

        tiers.put("tierCodes", List.of("gold", "platinum"));
        tiers.put("title", "金卡铂金专享");
        assertThat(fields(send("PUT", "/api/v1/mall/zones/" + id, admin, tiers))).as("an update names the version it read").containsExactly("version");
        tiers.put("version", 0);
        var updated = send("PUT", "/api/v1/mall/zones/" + id, admin, tiers);
        var stale = send("PUT", "/api/v1/mall/zones/" + id, admin, tiers);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(1);
        assertThat(updated.json().get("tierCodes")).hasSize(2);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("type").asString()).isEqualTo("https://jifen.io/problems/zone-changed");
        assertThat(send("PUT", "/api/v1/mall/zones/" + id, backEnd, tiers).status()).isEqualTo(403);
        assertThat(http().get("/api/v1/mall/zones", backEnd).json()).extracting(z -> z.get("title").asString()).containsExactly("金卡铂金专享");

        assertThat(send("PUT", "/api/v1/mall/zones/" + id + "/items", admin, Map.of("ref", "item:" + cup)).status()).isEqualTo(200);
        assertThat(send("PUT", "/api/v1/mall/zones/" + id + "/items", admin, Map.of("ref", "item:" + cup)).status()).as("again: no change").isEqualTo(200);
        assertThat(send("PUT", "/api/v1/mall/zones/" + id + "/items", admin, Map.of("ref", "hub:jd:100123")).status()).isEqualTo(200);
        assertThat(fields(send("PUT", "/api/v1/mall/zones/" + id + "/items", admin, Map.of("ref", "cup")))).containsExactly("ref");
        assertThat(send("PUT", "/api/v1/mall/zones/" + id + "/items", admin, Map.of("ref", "item:" + UUID.randomUUID())).status()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/mall/zones/" + id + "/items", backEnd, Map.of("ref", "hub:jd:1")).status()).isEqualTo(403);
        assertThat(http().get("/api/v1/mall/zones/" + id + "/items", backEnd).json()).extracting(i -> i.get("ref").asString())
                .containsExactly("item:" + cup, "hub:jd:100123");
        assertThat(http().send("DELETE", "/api/v1/mall/zones/" + id + "/items?ref=hub:jd:100123", admin, null, null).status()).isEqualTo(204);
        assertThat(http().send("DELETE", "/api/v1/mall/zones/" + id + "/items?ref=hub:jd:100123", admin, null, null).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/mall/zones/" + id + "/items", admin).json()).hasSize(1);
        assertThat(http().get("/api/v1/mall/zones/" + UUID.randomUUID(), admin).status()).isEqualTo(404);

        requireUnlock(admin, "item:" + cup, "coupon.5");
        requireUnlock(admin, "item:" + cup, "vip-mug");
        assertThat(send("PUT", "/api/v1/mall/item-unlocks", backEnd, Map.of("ref", "hub:jd:1", "unlockCode", "x")).status()).isEqualTo(403);
        assertThat(fields(send("PUT", "/api/v1/mall/item-unlocks", admin, Map.of("ref", "hub:jd:1", "unlockCode", " ")))).containsExactly("unlockCode");
        assertThat(http().get("/api/v1/mall/item-unlocks", backEnd).json()).extracting(u -> u.get("ref").asString() + "=" + u.get("unlockCode").asString())
                .containsExactly("item:" + cup + "=vip-mug");
        assertThat(http().send("DELETE", "/api/v1/mall/item-unlocks?ref=item:" + cup, admin, null, null).status()).isEqualTo(204);
        assertThat(http().get("/api/v1/mall/item-unlocks", admin).json()).isEmpty();
    }

    private void requireUnlock(String admin, String ref, String code) {
        var put = send("PUT", "/api/v1/mall/item-unlocks", admin, Map.of("ref", ref, "unlockCode", code));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private String createItem(String admin, String title) {
        var created = http().postJson("/api/v1/mall/items", admin, MallIT.item(title, "POINTS", 5_000, null, 10));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private Http.Response quote(String token, String item, String member) {
        return http().postJson("/api/v1/mall/quotes", token, Map.of("itemId", item, "memberId", member, "quantity", 1));
    }

    private Http.Response send(String method, String path, String token, Object body) {
        return http().send(method, path, token, "application/json", Http.json(body));
    }

    private static List<String> fields(Http.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }
}
