package io.jifen.platform.task;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.support.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Tasks and task packages over HTTP: paid once per period, the task centre's progress, and what completing them unlocks. */
class TaskIT extends IntegrationTest {

    @Test
    void tasksPayOncePerPeriodWhenTheirCountIsReachedAndTheTaskCentreShowsProgress() {
        var tenant = fixtures.tenant("earn-tasks");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "tasker-1");
        fixtures.publish(fixtures.adminToken(tenant), """
                {"tasks": [{"id": "profile", "name": "完善资料", "eventType": "PROFILE_COMPLETED", "count": 1, "points": 50, "period": "ONCE"},
                           {"id": "share-week", "name": "每周分享3次", "eventType": "SHARE", "count": 3, "points": 200, "period": "WEEK"},
                           {"id": "staff-only", "name": "员工签到", "eventType": "CHECK_IN", "count": 1, "points": 30,
                            "when": {"audiences": ["EMPLOYEE"]}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        List<Long> earned = new java.util.ArrayList<>();
        for (String[] event : new String[][] {{"p-1", "PROFILE_COMPLETED"}, {"p-2", "PROFILE_COMPLETED"}, {"s-1", "SHARE"}, {"s-2", "SHARE"},
                {"s-3", "SHARE"}, {"s-4", "SHARE"}, {"c-1", "CHECK_IN"}}) {
            earned.add(fixtures.points(backEnd, Http.json(Map.of("eventId", event[0], "type", event[1], "memberId", member))));
        }

        assertThat(earned).as("once for the profile, on the third share of the week, not at all for another audience's task")
                .containsExactly(50L, 0L, 0L, 0L, 200L, 0L, 0L);
        var centre = http().get("/api/v1/members/" + member + "/tasks", backEnd).json();
        assertThat(centre).extracting(task -> task.get("id").asString() + ":" + task.get("count").asInt() + "/" + task.get("target").asInt()
                        + (task.get("completed").asBoolean() ? " done" : ""))
                .containsExactly("profile:1/1 done", "share-week:3/3 done", "staff-only:0/1");
        assertThat(centre).extracting(task -> task.get("id").asString() + ":" + task.get("forMember").asBoolean())
                .as("the staff task is not for a consumer").containsExactly("profile:true", "share-week:true", "staff-only:false");
    }

    @Test
    void aTaskPackagePaysOnceWhenAllItsTasksAreDoneAndInvitingThreeFriendsUnlocksAnItem() {
        var tenant = fixtures.tenant("earn-packages");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "newcomer-1");
        fixtures.publish(admin, """
                {"tasks": [{"id": "register", "name": "注册", "eventType": "REGISTER", "count": 1, "points": 10},
                           {"id": "profile", "name": "完善资料", "eventType": "PROFILE_COMPLETED", "count": 1, "points": 50},
                           {"id": "first-order", "name": "首单", "eventType": "ORDER_PAID", "count": 1, "points": 20},
                           {"id": "invite", "name": "邀请3位好友", "eventType": "INVITE_ACCEPTED", "count": 3, "points": 0, "unlocks": "item:vip-mug"}],
                 "taskPackages": [{"id": "newcomer", "name": "新人礼包", "tasks": ["register", "profile", "first-order"], "points": 500}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        java.util.function.BiFunction<String, String, String> event = (id, type) -> Http.json(Map.of("eventId", id, "type", type, "memberId", member));

        List<Long> earned = List.of(fixtures.points(backEnd, event.apply("n-1", "REGISTER")), fixtures.points(backEnd, event.apply("n-2", "PROFILE_COMPLETED")),
                fixtures.points(backEnd, order("n-3", member, 10_000, "shoes", 10_000, "x", 0)), fixtures.points(backEnd, order("n-4", member, 10_000, "shoes", 10_000, "x", 0)),
                fixtures.points(backEnd, event.apply("i-1", "INVITE_ACCEPTED")), fixtures.points(backEnd, event.apply("i-2", "INVITE_ACCEPTED")));
        assertThat(http().get("/api/v1/members/" + member + "/unlocks", backEnd).json()).as("two friends are not three").isEmpty();
        fixtures.points(backEnd, event.apply("i-3", "INVITE_ACCEPTED"));

        assertThat(earned).as("the first order completes the package: its task's 20 and the package's 500, once").containsExactly(10L, 50L, 520L, 0L, 0L, 0L);
        assertThat(fixtures.balance(backEnd, member)).isEqualTo(580);
        assertThat(http().get("/api/v1/members/" + member + "/unlocks", backEnd).json())
                .extracting(unlock -> unlock.get("code").asString() + " by " + unlock.get("source").asString()).containsExactly("item:vip-mug by task:invite");
        var centre = http().get("/api/v1/members/" + member + "/tasks", backEnd).json();
        assertThat(centre).extracting(task -> task.get("id").asString() + ":" + task.get("count").asInt() + "/" + task.get("target").asInt()
                        + (task.get("completed").asBoolean() ? " done" : ""))
                .containsExactly("register:1/1 done", "profile:1/1 done", "first-order:1/1 done", "invite:3/3 done", "newcomer:3/3 done");

        var invalid = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"tasks": [{"id": "a", "name": "A", "eventType": "SHARE", "count": 1, "points": 0}],
                           "taskPackages": [{"id": "p", "name": "P", "tasks": ["a", "ghost"], "points": 100}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(invalid.json().get("errors")).extracting(error -> error.get("field").asString())
                .containsExactlyInAnyOrder("tasks[0].points", "taskPackages[0].tasks");
    }
}
