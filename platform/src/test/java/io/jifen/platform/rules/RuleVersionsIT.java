package io.jifen.platform.rules;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.support.Fixtures.RULES;
import static io.jifen.platform.support.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Rule versions over HTTP: validated on save, published without overlapping, and their CEL conditions evaluated per event. */
class RuleVersionsIT extends IntegrationTest {

    static final String RULES_BODY = "{\"rules\": " + RULES + ", \"effectiveFrom\": \"%s\", \"effectiveTo\": %s}";

    @Test
    void invalidRuleSetsAreRefusedNamingThePartAndOverlappingVersionsCannotBothBePublished() {
        var tenant = fixtures.tenant("earn-invalid");
        String admin = fixtures.adminToken(tenant);
        String invalid = """
                {"rules": {"rules": [
                  {"id": "x", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 0}},
                  {"id": "x", "eventTypes": ["TELEPORT"], "award": {"kind": "FIXED", "points": 5}},
                  {"id": "y", "eventTypes": ["CHECK_IN"], "when": {"memberDays": [32]}, "award": {"kind": "PER_YUAN", "points": 1}}
                ]}, "effectiveFrom": "2026-12-01T00:00:00Z"}""";

        var refused = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", invalid);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors")).extracting(error -> error.get("field").asString())
                .contains("rules[0].award.factor", "rules[1].id", "rules[1].eventTypes", "rules[2].when.memberDays", "rules[2].award.kind");
        var unknownField = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json",
                RULES_BODY.formatted("2026-12-01T00:00:00Z", "null").replace("\"priority\": 100", "\"priority\": 100, \"bogus\": 1"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(http().send("POST", "/api/v1/earning/rule-versions", fixtures.apiToken(tenant), "application/json",
                RULES_BODY.formatted("2026-12-01T00:00:00Z", "null")).status()).as("staff do not write rules").isEqualTo(403);

        String december = fixtures.publish(admin, RULES, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
        var overlapping = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json",
                RULES_BODY.formatted("2026-12-15T00:00:00Z", "\"2027-02-01T00:00:00Z\""));
        var publishOverlap = http().send("POST", "/api/v1/earning/rule-versions/" + overlapping.json().get("id").asString() + "/publish", admin,
                "application/json", "{}");
        assertThat(publishOverlap.status()).isEqualTo(409);
        assertThat(publishOverlap.json().get("detail").asString()).contains("overlaps");
        String next = fixtures.publish(admin, RULES, Instant.parse("2027-01-01T00:00:00Z"), null);
        var history = http().get("/api/v1/earning/rule-versions", admin).json();
        assertThat(history.get("items")).extracting(v -> v.get("id").asString()).contains(december, next);

        var newest = http().get("/api/v1/earning/rule-versions?size=2", admin).json();
        assertThat(newest.get("items")).extracting(v -> v.get("id").asString()).containsExactly(next, overlapping.json().get("id").asString());
        var older = http().get("/api/v1/earning/rule-versions?size=2&after=" + newest.get("next").asString(), admin).json();
        assertThat(older.get("items")).extracting(v -> v.get("id").asString()).startsWith(december);
        var all = new java.util.ArrayList<String>();
        String cursor = "";
        do {
            var page = http().get("/api/v1/earning/rule-versions?size=1&after=" + cursor, admin).json();
            page.get("items").forEach(v -> all.add(v.get("id").asString()));
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
        } while (cursor != null);
        assertThat(all).as("one at a time, each once").doesNotHaveDuplicates()
                .containsExactlyElementsOf(history.get("items").valueStream().map(v -> v.get("id").asString()).toList());
        var badCursor = http().get("/api/v1/earning/rule-versions?after=%25%25", admin);
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.json().get("errors").get(0).get("field").asString()).isEqualTo("after");
        var changePublished = http().send("PUT", "/api/v1/earning/rule-versions/" + december, admin, "application/json",
                RULES_BODY.formatted("2026-12-01T00:00:00Z", "null"));
        assertThat(changePublished.status()).isEqualTo(409);
    }

    @Test
    void advancedConditionsAreCelExpressionsCheckedOnSaveAndEvaluatedPerEvent() {
        var tenant = fixtures.tenant("earn-cel");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "cel-1");
        var broken = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"rules": [{"id": "bad", "eventTypes": ["ORDER_PAID"], "when": {"expression": "event.amountFen >= "},
                  "award": {"kind": "FIXED", "points": 1}},
                 {"id": "not-bool", "eventTypes": ["ORDER_PAID"], "when": {"expression": "event.amountFen + 1"}, "award": {"kind": "FIXED", "points": 1}},
                 {"id": "unknown", "eventTypes": ["ORDER_PAID"], "when": {"expression": "java.lang.System.exit(0)"}, "award": {"kind": "FIXED", "points": 1}}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("errors")).extracting(error -> error.get("field").asString())
                .containsExactly("rules[0].when.expression", "rules[1].when.expression", "rules[2].when.expression");
        fixtures.publish(admin, """
                {"rules": [{"id": "big-milk-app", "eventTypes": ["ORDER_PAID"],
                            "when": {"expression": "event.amountFen >= 50000 && 'milk' in event.categories && event.channel == 'app' && member.firstOrder"},
                            "award": {"kind": "FIXED", "points": 500}}]}""", Instant.now().minus(1, ChronoUnit.HOURS), null);

        long small = fixtures.points(backEnd, order("cel-o1", member, 10_000, "milk", 10_000, "x", 0));
        long big = fixtures.points(backEnd, order("cel-o2", member, 60_000, "milk", 60_000, "x", 0));

        assertThat(small).as("too small").isZero();
        assertThat(big).as("no longer the first order").isZero();
        String second = fixtures.member(backEnd, "cel-2");
        assertThat(fixtures.points(backEnd, order("cel-o3", second, 60_000, "milk", 60_000, "x", 0))).isEqualTo(500);
    }
}
