package io.jifen.platform.events;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events between modules go through the publication registry in PostgreSQL: the publication commits with the
 * transaction that publishes the event, stays incomplete (and visible to the operator) while its listener fails or
 * dies half-way, is handed out again (what a restart does), and completes exactly once; nothing is lost and the
 * listener's work, keyed by the event, is applied once.
 */
class EventPublicationIT extends IntegrationTest {

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    InterruptedListener listener;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEventWhoseListenerIsKilledHalfWayIsHandedOutAgainUntilItCompletesAndItsWorkIsAppliedOnce() {
        Fixtures.TenantFixture tenant = fixtures.tenant("events");
        String token = fixtures.apiToken(tenant);
        UUID member = UUID.fromString(http().postJson("/api/v1/members", token, Map.of("externalId", "e-1", "audience", "CONSUMER"))
                .json().get("id").asString());
        String key = "probe-" + UUID.randomUUID();
        listener.reset();

        transaction.executeWithoutResult(status -> publisher.publishEvent(new InterruptedListener.Probe(tenant.id(), member, key)));

        // First attempt dies before its work: the publication stays, the operator sees it, nothing was posted.
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.attempts() == 1);
        JsonNode pending = await().atMost(Duration.ofSeconds(10)).until(() -> incompleteProbe(key), node -> node != null);
        assertThat(pending.get("listener").asString()).contains("InterruptedListener");
        assertThat(pending.get("eventType").asString()).endsWith("Probe");
        assertThat(available(member, token)).isZero();

        // Handed out again (as on restart): the second attempt posts, then dies before it completes.
        resubmit();
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.attempts() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> available(member, token) == 10);
        assertThat(incompleteProbe(key)).isNotNull();

        // The third attempt finds its posting made (a replay of the key) and completes: the points are there once.
        resubmit();
        await().atMost(Duration.ofSeconds(10)).until(() -> incompleteProbe(key) == null);
        assertThat(listener.attempts()).isEqualTo(3);
        assertThat(available(member, token)).isEqualTo(10);
        assertThat(http().get("/api/v1/members/" + member + "/points/statement", token).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void anEventPublishedInATransactionThatRollsBackIsNeitherKeptNorHeard() {
        String key = "rolled-back-" + UUID.randomUUID();
        listener.reset();

        transaction.executeWithoutResult(status -> {
            publisher.publishEvent(new InterruptedListener.Probe(UUID.randomUUID(), UUID.randomUUID(), key));
            status.setRollbackOnly();
        });

        assertThat(jdbc.sql("select count(*) from events.event_publication where serialized_event like ?").param("%" + key + "%")
                .query(Integer.class).single()).isZero();
        assertThat(listener.attempts()).isZero();
    }

    @Test
    void onlyTheOperatorSeesOrResubmitsPublications() {
        Fixtures.TenantFixture tenant = fixtures.tenant("events-auth");
        assertThat(http().get("/api/v1/operator/event-publications", fixtures.adminToken(tenant)).status()).isEqualTo(403);
        assertThat(http().postJson("/api/v1/operator/event-publications/resubmissions", fixtures.adminToken(tenant), Map.of()).status())
                .isEqualTo(403);
        assertThat(http().postJson("/api/v1/operator/event-publications/resubmissions", fixtures.operatorToken(),
                Map.of("olderThanSeconds", -1)).status()).isEqualTo(400);
    }

    private JsonNode incompleteProbe(String key) {
        for (JsonNode publication : http().get("/api/v1/operator/event-publications", fixtures.operatorToken()).json()) {
            if (publication.get("event").asString().contains(key)) {
                return publication;
            }
        }
        return null;
    }

    private void resubmit() {
        var answer = http().postJson("/api/v1/operator/event-publications/resubmissions", fixtures.operatorToken(),
                Map.of("olderThanSeconds", 0));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("publications").asInt()).isPositive();
    }

    private long available(UUID member, String token) {
        return http().get("/api/v1/members/" + member + "/points/balance", token).json().get("available").asLong();
    }
}
