package io.jifen.platform.notification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.ledger.PointsExpiringSoon;
import io.jifen.platform.segment.MemberBecameDormant;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications end to end: the ledger's, segments' and redemption's events become one notification each in the
 * member's inbox however often they arrive, the brand's webhook gets a signed post per notification it subscribed to,
 * retried through an outage (non-2xx answers and a receiver that does not answer) with doubling waits, and each
 * delivered notification is one usage record in billing. The events are published as their modules publish them, in a
 * transaction, through the event publication registry; the outbox is swept by the test (its schedule is off here).
 */
class NotificationIT extends IntegrationTest {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    WebhookDeliveries deliveries;
    @Autowired
    JsonMapper json;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void anEventDeliveredTwiceIsOneNotificationOnePostAndOneUsageRecord() throws Exception {
        var tenant = fixtures.tenant("notify");
        String admin = fixtures.adminToken(tenant);
        String externalId = "m-" + UUID.randomUUID();
        UUID member = UUID.fromString(fixtures.member(fixtures.apiToken(tenant), externalId));
        var configured = http().send("PUT", NotificationWebhookController.PATH, admin, "application/json",
                Http.json(Map.of("url", receiver.url("/hooks/notify"), "kinds", List.of("POINTS_EXPIRING", "ORDER_DELIVERED"))));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        String secret = configured.json().get("secret").asString();
        assertThat(secret).startsWith("nwhsec_");
        var read = http().get(NotificationWebhookController.PATH, admin).json();
        assertThat(read.get("configured").asBoolean()).isTrue();
        assertThat(read.get("secret").isNull()).as("the secret is shown once").isTrue();

        var expiring = new PointsExpiringSoon(tenant.id(), member, "points", 1_200, LocalDate.of(2031, 6, 30));
        publish(tenant.id(), expiring);
        publish(tenant.id(), expiring);
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(member) && usageRecords(tenant.id()) == 1);

        JsonNode inbox = http().get("/api/v1/me/notifications", fixtures.memberToken(tenant, member.toString())).json();
        assertThat(inbox.get("items")).hasSize(1);
        JsonNode notification = inbox.get("items").get(0);
        assertThat(notification.get("kind").asString()).isEqualTo("POINTS_EXPIRING");
        assertThat(notification.get("data").get("points").asLong()).isEqualTo(1_200);
        assertThat(notification.get("data").get("expiresOn").asString()).isEqualTo("2031-06-30");
        String id = notification.get("id").asString();

        List<WebhookReceiver.Post> posts = receiver.posts("/hooks/notify");
        assertThat(posts).hasSize(1);
        WebhookReceiver.Post post = posts.getFirst();
        assertThat(post.notificationId()).isEqualTo(id);
        assertThat(post.signature()).isEqualTo("sha256=" + WebhookPost.sign(secret, Long.parseLong(post.timestamp()), post.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(post.signature()).isNotEqualTo("sha256=" + WebhookPost.sign("nwhsec_another", Long.parseLong(post.timestamp()),
                post.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        JsonNode body = json.readTree(post.body());
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("kind").asString()).isEqualTo("POINTS_EXPIRING");
        assertThat(body.get("member").get("externalId").asString()).isEqualTo(externalId);
        assertThat(body.get("data").get("points").asLong()).isEqualTo(1_200);
        assertThat(sql("select state || ':' || attempts from platform.notification_delivery where tenant_id = ?", tenant.id())).isEqualTo("DELIVERED:1");
        assertThat(sql("select kind || ':' || quantity || ':' || key from billing.usage_record where tenant_id = ?", tenant.id()))
                .isEqualTo("NOTIFICATION:1:notification:" + id);

        // The process died after the receiver took the post and before it was recorded: the post goes again with the same
        // id (the receiver's key), and billing still counts one notification.
        update("update platform.notification_delivery set state = 'PENDING', next_attempt_at = now() - interval '1 second' where tenant_id = ?", tenant.id());
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        assertThat(receiver.posts("/hooks/notify")).extracting(WebhookReceiver.Post::notificationId).containsExactly(id, id);
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(id));
        assertThat(usageRecords(tenant.id())).isEqualTo(1);
    }

    @Test
    void aReceiverOutageIsRetriedWithDoublingWaitsUntilItAnswers() throws Exception {
        var tenant = fixtures.tenant("notify-outage");
        String admin = fixtures.adminToken(tenant);
        UUID member = UUID.fromString(fixtures.member(fixtures.apiToken(tenant), "m-" + UUID.randomUUID()));
        assertThat(http().send("PUT", NotificationWebhookController.PATH, admin, "application/json",
                Http.json(Map.of("url", receiver.url("/outage"), "kinds", List.of("POINTS_EXPIRING")))).status()).isEqualTo(200);
        Instant start = Instant.parse("2031-05-01T08:00:00Z");
        clock.setTo(start);
        // Member tokens are issued and checked on the application's clock.
        String memberToken = fixtures.memberToken(tenant, member.toString());
        receiver.answer(503);

        publish(tenant.id(), new PointsExpiringSoon(tenant.id(), member, "points", 50, LocalDate.of(2031, 5, 31)));
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(member) && receiver.posts("/outage").size() == 1);
        assertThat(sql("select state || ':' || attempts from platform.notification_delivery where tenant_id = ?", tenant.id())).isEqualTo("PENDING:1");
        // The member's inbox does not wait for the brand's back end.
        assertThat(http().get("/api/v1/me/notifications", memberToken).json().get("items")).hasSize(1);

        // Not due yet: the first wait is 30 seconds.
        clock.setTo(start.plusSeconds(29));
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        assertThat(receiver.posts("/outage")).hasSize(1);

        // Due; the receiver takes the post and never answers: a timeout, tried again after 60 seconds.
        clock.setTo(start.plusSeconds(30));
        receiver.hang();
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        receiver.release();
        assertThat(receiver.posts("/outage")).hasSize(2);
        assertThat(sql("select state || ':' || attempts || ':' || last_error from platform.notification_delivery where tenant_id = ?", tenant.id()))
                .startsWith("PENDING:2:no answer within");
        assertThat(usageRecords(tenant.id())).isZero();

        clock.setTo(start.plusSeconds(30 + 59));
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        assertThat(receiver.posts("/outage")).hasSize(2);

        receiver.answer(204);
        clock.setTo(start.plusSeconds(30 + 60));
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        assertThat(receiver.posts("/outage")).hasSize(3);
        assertThat(receiver.posts("/outage")).extracting(WebhookReceiver.Post::notificationId).containsOnly(receiver.posts("/outage").getFirst().notificationId());
        assertThat(sql("select state || ':' || attempts from platform.notification_delivery where tenant_id = ?", tenant.id())).isEqualTo("DELIVERED:3");
        await().atMost(Duration.ofSeconds(20)).until(() -> usageRecords(tenant.id()) == 1);

        // Delivered: later sweeps post nothing more.
        clock.setTo(start.plus(Duration.ofDays(1)));
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        assertThat(receiver.posts("/outage")).hasSize(3);
    }

    @Test
    void aSweepStopsATenantsTurnAtItsFirstFailedPostSoThatADeadReceiverHoldsUpNoOne() throws Exception {
        var tenant = fixtures.tenant("notify-turn");
        UUID member = UUID.fromString(fixtures.member(fixtures.apiToken(tenant), "m-" + UUID.randomUUID()));
        assertThat(http().send("PUT", NotificationWebhookController.PATH, fixtures.adminToken(tenant), "application/json",
                Http.json(Map.of("url", receiver.url("/turn"), "kinds", List.of("POINTS_EXPIRING")))).status()).isEqualTo(200);
        Instant start = Instant.parse("2031-07-01T08:00:00Z");
        clock.setTo(start);
        receiver.answer(500);
        publish(tenant.id(), new PointsExpiringSoon(tenant.id(), member, "points", 10, LocalDate.of(2031, 7, 30)));
        publish(tenant.id(), new PointsExpiringSoon(tenant.id(), member, "points", 20, LocalDate.of(2031, 7, 31)));
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(member) && receiver.posts("/turn").size() == 2);

        clock.setTo(start.plusSeconds(30));
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        assertThat(receiver.posts("/turn")).as("both are due; the first failure ends the turn").hasSize(3);

        receiver.answer(200);
        TenantContext.runAs(tenant.id(), deliveries::sweepTenant);
        assertThat(receiver.posts("/turn")).hasSize(4);
        assertThat(sql("select string_agg(state || ':' || attempts, ',' order by state) from platform.notification_delivery where tenant_id = ?",
                tenant.id())).isEqualTo("DELIVERED:2,PENDING:2");
    }

    @Test
    void aMemberSeesOnlyTheirOwnInboxAndATenantsWebhookOnlyItsOwnNotifications() throws Exception {
        var a = fixtures.tenant("notify-a");
        var b = fixtures.tenant("notify-b");
        String adminA = fixtures.adminToken(a);
        String apiA = fixtures.apiToken(a);
        UUID memberA = UUID.fromString(fixtures.member(apiA, "a-1"));
        UUID otherA = UUID.fromString(fixtures.member(apiA, "a-2"));
        UUID memberB = UUID.fromString(fixtures.member(fixtures.apiToken(b), "b-1"));
        for (var tenant : List.of(a, b)) {
            assertThat(http().send("PUT", NotificationWebhookController.PATH, fixtures.adminToken(tenant), "application/json",
                    Http.json(Map.of("url", receiver.url("/" + tenant.slug()), "kinds", List.of("ORDER_DELIVERED", "POINTS_EXPIRING")))).status())
                    .isEqualTo(200);
        }

        // A real redemption of a virtual item: delivered at once, so redemption's OrderCompleted tells the member.
        var earned = http().send("POST", "/api/v1/members/" + memberA + "/points/earn", apiA, "application/json",
                Http.json(Map.of("points", 5_000)), UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
        var item = http().postJson("/api/v1/mall/items", adminA, Map.of("kind", "VIRTUAL", "title", "视频会员月卡", "status", "ON_SALE", "payment", "POINTS",
                "priceFen", 1_000, "stock", 5));
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        String tokenA = fixtures.memberToken(a, memberA.toString());
        var order = http().send("POST", "/api/v1/me/orders", tokenA, "application/json",
                Http.json(Map.of("item", "item:" + item.json().get("id").asString(), "quantity", 1)), "notify-order");
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(memberA));
        // Dormancy is not among the kinds the webhook wants: the inbox only, and nothing to bill.
        publish(a.id(), new MemberBecameDormant(a.id(), memberA, List.of("wake-up"), Instant.parse("2031-01-01T00:00:00Z")));
        publish(b.id(), new PointsExpiringSoon(b.id(), memberB, "points", 10, LocalDate.of(2031, 2, 1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(memberA) && settled(memberB) && usageRecords(a.id()) == 1 && usageRecords(b.id()) == 1);

        JsonNode inbox = http().get("/api/v1/me/notifications?size=1", tokenA).json();
        assertThat(inbox.get("items").get(0).get("kind").asString()).isEqualTo("MEMBER_DORMANT");
        assertThat(inbox.get("items").get(0).get("data").get("wakeUpTasks").get(0).asString()).isEqualTo("wake-up");
        JsonNode next = http().get("/api/v1/me/notifications?size=1&after=" + inbox.get("next").asString(), tokenA).json();
        JsonNode delivered = next.get("items").get(0);
        assertThat(delivered.get("kind").asString()).isEqualTo("ORDER_DELIVERED");
        assertThat(delivered.get("data").get("orderNo").asString()).isEqualTo(order.json().get("order").get("orderNo").asString());
        assertThat(next.get("next").isNull()).isTrue();
        assertThat(http().get("/api/v1/me/notifications?after=not-a-cursor", tokenA).status()).isEqualTo(400);
        assertThat(http().get("/api/v1/me/notifications/unread-count", tokenA).json().get("unread").asLong()).isEqualTo(2);
        String deliveredId = delivered.get("id").asString();

        // Another member of the tenant, and a member of another tenant, see none of it and cannot mark it read.
        String tokenOther = fixtures.memberToken(a, otherA.toString());
        String tokenB = fixtures.memberToken(b, memberB.toString());
        assertThat(http().get("/api/v1/me/notifications", tokenOther).json().get("items")).isEmpty();
        assertThat(http().postJson("/api/v1/me/notifications/" + deliveredId + "/read", tokenOther, "{}").status()).isEqualTo(404);
        assertThat(http().postJson("/api/v1/me/notifications/" + deliveredId + "/read", tokenB, "{}").status()).isEqualTo(404);
        assertThat(http().get("/api/v1/me/notifications", tokenB).json().get("items")).extracting(n -> n.get("kind").asString())
                .containsExactly("POINTS_EXPIRING");
        var marked = http().postJson("/api/v1/me/notifications/" + deliveredId + "/read", tokenA, "{}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().get("readAt").isNull()).isFalse();
        assertThat(http().get("/api/v1/me/notifications/unread-count", tokenA).json().get("unread").asLong()).isEqualTo(1);

        // Each brand's back end got its own tenant's notifications only.
        assertThat(receiver.posts("/" + a.slug())).extracting(post -> json.readTree(post.body()).get("kind").asString()).containsExactly("ORDER_DELIVERED");
        assertThat(receiver.posts("/" + a.slug())).extracting(WebhookReceiver.Post::notificationId).containsExactly(deliveredId);
        assertThat(receiver.posts("/" + b.slug())).extracting(post -> json.readTree(post.body()).get("member").get("id").asString())
                .containsExactly(memberB.toString());
        assertThat(receiver.posts()).hasSize(2);
        assertThat(http().get(NotificationWebhookController.PATH, fixtures.adminToken(b)).json().get("url").asString()).isEqualTo(receiver.url("/" + b.slug()));
    }

    @Test
    void theAdminSetsTheWebhookWithValidUrlsRotatesItsSecretAndSendsATestThatIsNotBilled() throws Exception {
        var tenant = fixtures.tenant("notify-admin");
        String admin = fixtures.adminToken(tenant);
        assertThat(http().get(NotificationWebhookController.PATH, admin).json().get("configured").asBoolean()).isFalse();
        assertThat(http().postJson(NotificationWebhookController.PATH + "/test", admin, "{}").status()).isEqualTo(404);

        var badScheme = http().send("PUT", NotificationWebhookController.PATH, admin, "application/json",
                Http.json(Map.of("url", "ftp://example.com/hook", "kinds", List.of("POINTS_EXPIRING"))));
        assertThat(badScheme.status()).isEqualTo(400);
        assertThat(badScheme.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
        var noKinds = http().send("PUT", NotificationWebhookController.PATH, admin, "application/json",
                Http.json(Map.of("url", receiver.url("/admin"), "kinds", List.of())));
        assertThat(noKinds.status()).isEqualTo(400);
        assertThat(noKinds.json().get("errors").get(0).get("field").asString()).isEqualTo("kinds");
        assertThat(http().get(NotificationWebhookController.PATH, admin).json().get("configured").asBoolean()).as("bad input changes nothing").isFalse();
        assertThat(http().send("PUT", NotificationWebhookController.PATH, fixtures.apiToken(tenant), "application/json",
                Http.json(Map.of("url", receiver.url("/admin"), "kinds", List.of("POINTS_EXPIRING")))).status()).as("staff may not").isEqualTo(403);

        String first = http().send("PUT", NotificationWebhookController.PATH, admin, "application/json",
                Http.json(Map.of("url", receiver.url("/admin"), "kinds", List.of("POINTS_EXPIRING")))).json().get("secret").asString();
        var again = http().send("PUT", NotificationWebhookController.PATH, admin, "application/json",
                Http.json(Map.of("url", receiver.url("/admin2"), "kinds", List.of("POINTS_EXPIRING", "MEMBER_DORMANT"))));
        assertThat(again.json().get("secret").isNull()).as("a change keeps the secret").isTrue();
        assertThat(again.json().get("kinds")).extracting(JsonNode::asString).containsExactly("POINTS_EXPIRING", "MEMBER_DORMANT");
        var rotated = http().postJson(NotificationWebhookController.PATH + "/secret", admin, "{}");
        assertThat(rotated.status()).isEqualTo(201);
        String secret = rotated.json().get("secret").asString();
        assertThat(secret).isNotEqualTo(first);

        var test = http().postJson(NotificationWebhookController.PATH + "/test", admin, "{}");
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().get("delivered").asBoolean()).isTrue();
        WebhookReceiver.Post post = receiver.posts("/admin2").getFirst();
        assertThat(json.readTree(post.body()).get("kind").asString()).isEqualTo("TEST");
        assertThat(post.signature()).isEqualTo("sha256=" + WebhookPost.sign(secret, Long.parseLong(post.timestamp()),
                post.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        receiver.answer(500);
        var failing = http().postJson(NotificationWebhookController.PATH + "/test", admin, "{}").json();
        assertThat(failing.get("delivered").asBoolean()).isFalse();
        assertThat(failing.get("status").asInt()).isEqualTo(500);
        assertThat(usageRecords(tenant.id())).isZero();

        assertThat(http().send("DELETE", NotificationWebhookController.PATH, admin, "application/json", null).status()).isEqualTo(204);
        assertThat(http().get(NotificationWebhookController.PATH, admin).json().get("configured").asBoolean()).isFalse();
    }

    private void publish(UUID tenant, Object event) {
        TenantContext.runAs(tenant, () -> new TransactionTemplate(transactionManager).executeWithoutResult(status -> events.publishEvent(event)));
    }

    /** Whether every publication naming this (a member, a notification) has been completed by its listeners (completed ones are deleted). */
    private static boolean settled(Object about) throws Exception {
        return Long.parseLong(sql("select count(*) from events.event_publication where serialized_event like ?", "%" + about + "%")) == 0;
    }

    private static long usageRecords(UUID tenant) throws Exception {
        return Long.parseLong(sql("select count(*) from billing.usage_record where tenant_id = ? and kind = 'NOTIFICATION'", tenant));
    }

    private static String sql(String query, Object parameter) throws Exception {
        try (Connection db = stack().superuserConnection("jifen"); PreparedStatement statement = db.prepareStatement(query)) {
            statement.setObject(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void update(String statement, Object parameter) throws Exception {
        try (Connection db = stack().superuserConnection("jifen"); PreparedStatement prepared = db.prepareStatement(statement)) {
            prepared.setObject(1, parameter);
            prepared.executeUpdate();
        }
    }
}
