package io.jifen.platform.b2b;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Race;
import io.jifen.platform.tenancy.TenantContext;

import static io.jifen.platform.support.Fixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * B2B programs over HTTP: department budgets and their grants, monthly welfare schedules, dealers' target attainment and the sales guides'
 * leaderboard.
 */
class B2bIT extends IntegrationTest {

    @Autowired
    WelfareSchedules welfare;

    @Test
    void aDepartmentBudgetIsFundedAndGrantedFromInBulkAndAGrantBeyondItIsRefusedWhole() {
        var tenant = fixtures.tenant("earn-budget");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String[] staff = {fixtures.member(backEnd, "emp-1"), fixtures.member(backEnd, "emp-2"), fixtures.member(backEnd, "emp-3")};
        assertThat(http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "sales-dept", "name", "销售部福利")).status()).isEqualTo(201);
        var funded = http().postJson("/api/v1/earning/budgets/sales-dept/fundings", admin, Map.of("id", "fund-1", "points", 1_000, "reason", "2026 Q4"));
        assertThat(funded.json().get("remaining").asLong()).isEqualTo(1_000);

        var json = http().postJson("/api/v1/earning/budgets/sales-dept/grants", admin, Map.of("id", "grant-1", "reason", "中秋福利",
                "lines", List.of(Map.of("memberId", staff[0], "points", 300), Map.of("externalMemberId", "emp-2", "points", 200))));
        var csv = http().send("POST", "/api/v1/earning/budgets/sales-dept/grants?id=grant-2&reason=%E5%B9%B4%E7%BB%88", admin, "text/csv",
                "external_id,points\nemp-3,400\n");
        var replay = http().send("POST", "/api/v1/earning/budgets/sales-dept/grants?id=grant-2&reason=%E5%B9%B4%E7%BB%88", admin, "text/csv",
                "external_id,points\nemp-3,400\n");
        var tooMuch = http().postJson("/api/v1/earning/budgets/sales-dept/grants", admin, Map.of("id", "grant-3", "reason", "超额",
                "lines", List.of(Map.of("memberId", staff[0], "points", 50), Map.of("memberId", staff[1], "points", 60))));
        var badLine = http().send("POST", "/api/v1/earning/budgets/sales-dept/grants?id=grant-4&reason=x", admin, "text/csv",
                "external_id,points\nemp-1,10\nnobody,10\n");

        assertThat(json.status()).as(json.body()).isEqualTo(201);
        assertThat(csv.json().get("remaining").asLong()).isEqualTo(100);
        assertThat(replay.json().get("remaining").asLong()).as("the same grant again answers the first").isEqualTo(100);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().get("type").asString()).isEqualTo("https://jifen.io/problems/budget-exceeded");
        assertThat(badLine.status()).isEqualTo(400);
        assertThat(badLine.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(List.of(fixtures.balance(backEnd, staff[0]), fixtures.balance(backEnd, staff[1]), fixtures.balance(backEnd, staff[2])))
                .as("nothing of the refused grants was applied").containsExactly(300L, 200L, 400L);
        assertThat(http().get("/api/v1/earning/budgets", backEnd).json().get("items").get(0).get("granted").asLong()).isEqualTo(900);
        assertThat(http().postJson("/api/v1/earning/budgets/sales-dept/fundings", backEnd, Map.of("id", "f", "points", 1, "reason", "x")).status())
                .as("staff do not fund budgets").isEqualTo(403);
    }

    @Test
    void aMonthlyWelfareScheduleGrantsEveryEmployeeOnceAMonthAndAMonthTheBudgetCannotPayIsRefusedWhole() {
        var tenant = fixtures.tenant("earn-welfare");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String operator = fixtures.operatorToken();
        List<String> staff = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var created = http().postJson("/api/v1/members", backEnd, Map.of("externalId", "w-emp-" + i, "audience", "EMPLOYEE"));
            staff.add(created.json().get("id").asString());
        }
        String consumer = fixtures.member(backEnd, "w-consumer");
        http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "hr", "name", "人事部福利"));
        http().postJson("/api/v1/earning/budgets/hr/fundings", admin, Map.of("id", "f-1", "points", 1_000, "reason", "2026"));
        var schedule = http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "monthly", "dayOfMonth", 1, "points", 200, "reason", "月度福利"));
        var big = http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "bonus", "dayOfMonth", 1, "points", 5_000, "reason", "年终奖"));
        var bad = http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "late", "dayOfMonth", 31, "points", 0, "audience", "ROBOTS", "reason", "x"));

        var first = http().postJson("/api/v1/operator/welfare-grants/runs", operator, Map.of());
        http().postJson("/api/v1/operator/welfare-grants/runs", operator, Map.of());

        assertThat(schedule.status()).as(schedule.body()).isEqualTo(201);
        assertThat(big.status()).isEqualTo(201);
        assertThat(bad.json().get("errors")).extracting(error -> error.get("field").asString())
                .containsExactlyInAnyOrder("dayOfMonth", "points", "audience");
        assertThat(first.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(staff).as("200 each, once this month").allSatisfy(member -> assertThat(fixtures.balance(backEnd, member)).isEqualTo(200));
        assertThat(fixtures.balance(backEnd, consumer)).as("consumers are not employees").isZero();
        var schedules = http().get("/api/v1/earning/budgets/hr/welfare-schedules", admin).json();
        assertThat(schedules).extracting(s -> s.get("id").asString() + ":" + s.get("runs").get(0).get("status").asString())
                .containsExactly("bonus:REFUSED", "monthly:GRANTED");
        assertThat(http().get("/api/v1/earning/budgets", admin).json().get("items").get(0).get("granted").asLong())
                .as("the refused month took nothing from the budget").isEqualTo(600);
        assertThat(http().send("DELETE", "/api/v1/earning/budgets/hr/welfare-schedules/bonus", admin, "application/json", null).status())
                .isEqualTo(204);
        assertThat(http().send("DELETE", "/api/v1/earning/budgets/hr/welfare-schedules/bonus", backEnd, "application/json", null).status())
                .as("staff do not stop schedules").isEqualTo(403);
    }

    @Test
    void dealersEarnTheRateOfTheirTargetAttainmentOnceAndGuidesAreRankedByWhatTheyEarned() {
        var tenant = fixtures.tenant("earn-b2b");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        for (String[] m : new String[][] {{"dealer-1", "DEALER"}, {"dealer-2", "DEALER"}, {"guide-1", "SALES_GUIDE"}, {"guide-2", "SALES_GUIDE"}}) {
            assertThat(http().postJson("/api/v1/members", backEnd, Map.of("externalId", m[0], "audience", m[1], "displayName", m[0])).status())
                    .isEqualTo(201);
        }
        Map<String, Object> upload = Map.of("period", "2026-Q4", "rates", List.of(Map.of("attainmentPercent", 100, "points", 1_000),
                        Map.of("attainmentPercent", 120, "points", 3_000)),
                "dealers", List.of(Map.of("externalMemberId", "dealer-1", "targetFen", 1_000_000, "salesFen", 1_250_000),
                        Map.of("externalMemberId", "dealer-2", "targetFen", 1_000_000, "salesFen", 990_000)));

        var awarded = http().postJson("/api/v1/earning/dealer-targets", admin, upload);
        var again = http().postJson("/api/v1/earning/dealer-targets", admin, upload);
        var notADealer = http().postJson("/api/v1/earning/dealer-targets", admin, Map.of("period", "2026-Q4",
                "rates", List.of(Map.of("attainmentPercent", 100, "points", 1)), "dealers", List.of(Map.of("externalMemberId", "guide-1",
                        "targetFen", 1, "salesFen", 1))));

        assertThat(awarded.status()).as(awarded.body()).isEqualTo(201);
        assertThat(awarded.json()).extracting(result -> result.get("points").asLong()).containsExactly(3_000L, 0L);
        assertThat(again.json().get(0).get("transactionId").asString()).as("uploaded twice, awarded once")
                .isEqualTo(awarded.json().get(0).get("transactionId").asString());
        assertThat(notADealer.status()).isEqualTo(400);
        String dealer1 = http().get("/api/v1/members?size=50", backEnd).json().get("items").valueStream()
                .filter(m -> m.get("externalId").asString().equals("dealer-1")).findFirst().orElseThrow().get("id").asString();
        assertThat(fixtures.balance(backEnd, dealer1)).isEqualTo(3_000);

        fixtures.publish(admin, RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
        http().send("POST", "/api/v1/earning/events", backEnd, "application/json", Http.json(Map.of("eventId", "g1-sale", "type", "ORDER_PAID",
                "externalMemberId", "guide-1", "order", Map.of("orderId", "g1", "amountFen", 10_000))));
        http().send("POST", "/api/v1/earning/events", backEnd, "application/json", Http.json(Map.of("eventId", "g2-sale", "type", "ORDER_PAID",
                "externalMemberId", "guide-2", "order", Map.of("orderId", "g2", "amountFen", 30_000))));
        String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        var board = http().get("/api/v1/earning/leaderboards/sales-guides?month=" + month, backEnd).json();
        assertThat(board).extracting(entry -> entry.get("externalId").asString()).containsExactly("guide-2", "guide-1");
        assertThat(board.get(0).get("rank").asInt()).isEqualTo(1);
    }


    @Test
    void aWelfareDayAfterThe28thIsRefusedSoThatEveryMonthHasIt() {
        var tenant = fixtures.tenant("b2b-day-31");
        String admin = fixtures.adminToken(tenant);
        http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "hr", "name", "人事部福利"));

        for (int day : new int[] {29, 30, 31}) {
            var refused = http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                    Map.of("id", "day-" + day, "dayOfMonth", day, "points", 100, "reason", "月度福利"));
            assertThat(refused.status()).as("day %d", day).isEqualTo(400);
            assertThat(refused.json().get("errors")).extracting(error -> error.get("field").asString()).containsExactly("dayOfMonth");
        }
        assertThat(http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "day-28", "dayOfMonth", 28, "points", 100, "reason", "月度福利")).status()).isEqualTo(201);
    }

    @Test
    void aScheduleOnThe28thIsGrantedFrom28FebruaryInShanghaiOnceAMonthAndLaterInAMonthWhoseDayPassedWithoutARun() {
        var tenant = fixtures.tenant("b2b-month-end");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        List<String> staff = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            staff.add(http().postJson("/api/v1/members", backEnd, Map.of("externalId", "me-emp-" + i, "audience", "EMPLOYEE")).json().get("id").asString());
        }
        http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "hr", "name", "人事部福利"));
        http().postJson("/api/v1/earning/budgets/hr/fundings", admin, Map.of("id", "f-1", "points", 1_000, "reason", "2027"));
        assertThat(http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "monthly", "dayOfMonth", 28, "points", 100, "reason", "月度福利")).status()).isEqualTo(201);

        List<Integer> granted = List.of(
                grantAsOf(tenant.id(), LocalDateTime.of(2027, 2, 27, 23, 59)),
                grantAsOf(tenant.id(), LocalDateTime.of(2027, 2, 28, 0, 30)),
                grantAsOf(tenant.id(), LocalDateTime.of(2027, 2, 28, 23, 0)),
                grantAsOf(tenant.id(), LocalDateTime.of(2027, 3, 27, 12, 0)),
                grantAsOf(tenant.id(), LocalDateTime.of(2027, 3, 31, 12, 0)));

        assertThat(granted).as("not on 27 February; on the 28th from 00:30 in Shanghai (still the 27th in UTC), once; March's when its 28th has passed")
                .containsExactly(0, 1, 0, 0, 1);
        assertThat(staff).allSatisfy(member -> assertThat(fixtures.balance(backEnd, member)).isEqualTo(200));
        assertThat(http().get("/api/v1/earning/budgets/hr/welfare-schedules", admin).json().get(0).get("runs"))
                .extracting(run -> run.get("month").asString() + ":" + run.get("status").asString()).containsExactly("2027-03:GRANTED", "2027-02:GRANTED");
    }

    @Test
    void parallelGrantsAgainstOneBudgetNeverGrantMoreThanItHoldsAndAReplayedGrantAppliesOnce() {
        var tenant = fixtures.tenant("earn-budget-race");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String[] staff = {fixtures.member(backEnd, "emp-1"), fixtures.member(backEnd, "emp-2"), fixtures.member(backEnd, "emp-3")};
        http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "ops", "name", "运营部福利"));
        http().postJson("/api/v1/earning/budgets/ops/fundings", admin, Map.of("id", "fund-1", "points", 1_000, "reason", "2026"));

        List<Callable<Http.Response>> grants = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "grant-" + i;
            grants.add(() -> http().postJson("/api/v1/earning/budgets/ops/grants", admin, Map.of("id", id, "reason", "福利",
                    "lines", List.of(Map.of("memberId", staff[0], "points", 50), Map.of("memberId", staff[1], "points", 100)))));
        }
        // The same grant twice at once: one applies it, the other answers it.
        for (int i = 0; i < 2; i++) {
            grants.add(() -> http().postJson("/api/v1/earning/budgets/ops/grants", admin, Map.of("id", "grant-twice", "reason", "福利",
                    "lines", List.of(Map.of("memberId", staff[2], "points", 100)))));
        }
        List<Http.Response> answers = Race.run(grants);

        List<Http.Response> distinct = answers.subList(0, 10);
        assertThat(distinct).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(201, 422));
        long applied = distinct.stream().filter(r -> r.status() == 201).count();
        assertThat(answers.subList(10, 12)).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 201));
        assertThat(applied).as("(1,000 - 100) / 150 grants fit").isEqualTo(6);
        assertThat(http().get("/api/v1/earning/budgets", admin).json().get("items").get(0).get("granted").asLong()).isEqualTo(6 * 150 + 100);
        assertThat(List.of(fixtures.balance(backEnd, staff[0]), fixtures.balance(backEnd, staff[1]), fixtures.balance(backEnd, staff[2])))
                .containsExactly(applied * 50, applied * 100, 100L);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    private int grantAsOf(UUID tenant, LocalDateTime inShanghai) {
        return TenantContext.callAs(tenant, () -> welfare.grantDue(inShanghai.atZone(ZoneId.of("Asia/Shanghai")).toInstant()));
    }
}
