package io.jifen.platform.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The outbox of posts to the tenants' webhooks (table notification_delivery). An attempt first claims its row by moving
 * its next attempt on by the doubling wait (under the row's lock, skipped by another instance, so two never post the same
 * row at the same time), posts outside any transaction, then records the outcome: 2xx is DELIVERED and publishes
 * {@link NotificationDelivered} in that transaction, anything else (another status, a timeout, no connection) stays
 * PENDING until the claimed time comes, FAILED after the last attempt. A crash between the post and its record posts
 * again later: delivery is at least once, and the receiver tells repeats by {@code X-Jifen-Notification-Id}.
 */
@Component
class WebhookDeliveries {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    private static final int SWEEP_BATCH = 100;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Notifications notifications;
    private final WebhookSettings settings;
    private final WebhookPost post;
    private final MemberDirectory members;
    private final TenantRegistry tenants;
    private final ApplicationEventPublisher events;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    WebhookDeliveries(JdbcClient jdbc, JsonMapper json, Notifications notifications, WebhookSettings settings, WebhookPost post, MemberDirectory members,
                      TenantRegistry tenants, ApplicationEventPublisher events, NotificationProperties properties, Clock clock,
                      PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.json = json;
        this.notifications = notifications;
        this.settings = settings;
        this.post = post;
        this.members = members;
        this.tenants = tenants;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Retries what is due, tenant by tenant (every 30 seconds by default). */
    @Scheduled(cron = "${jifen.notification.schedule.deliveries:*/30 * * * * *}", zone = "UTC")
    void sweep() {
        for (UUID tenant : tenants.allIds()) {
            try {
                TenantContext.runAs(tenant, this::sweepTenant);
            } catch (RuntimeException e) {
                log.warn("could not post the notifications of tenant {}: {}", tenant, e.toString());
            }
        }
    }

    /**
     * The current tenant's posts that are due, oldest first. A failed post ends the tenant's turn: its receiver is likely
     * down, and waiting out a timeout for each of its posts would hold up every other tenant's; the next sweep tries again.
     */
    void sweepTenant() {
        List<UUID> due = transactions.execute(status -> jdbc.sql("""
                        select notification_id from platform.notification_delivery
                        where tenant_id = platform.current_tenant() and state = 'PENDING' and next_attempt_at <= ?
                        order by next_attempt_at limit ?""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), SWEEP_BATCH).query(UUID.class).list());
        for (UUID notificationId : due) {
            if (!attempt(notificationId)) {
                return;
            }
        }
    }

    /**
     * Posts the current tenant's notification if its delivery is due and no one else is posting it; answers false when
     * a post failed (true when it was delivered, dropped, or not this attempt's to make).
     */
    boolean attempt(UUID notificationId) {
        Instant now = clock.instant();
        Optional<Integer> claimed = transactions.execute(status -> jdbc.sql("""
                        select attempts from platform.notification_delivery
                        where tenant_id = platform.current_tenant() and notification_id = ? and state = 'PENDING' and next_attempt_at <= ?
                        for update skip locked""")
                .params(notificationId, now.atOffset(ZoneOffset.UTC)).query(Integer.class).optional()
                .map(before -> {
                    int attempts = before + 1;
                    // The next attempt's time is claimed now: a crash during the post leaves the row to be tried then.
                    jdbc.sql("""
                                    update platform.notification_delivery set attempts = ?, next_attempt_at = ?
                                    where tenant_id = platform.current_tenant() and notification_id = ?""")
                            .params(attempts, now.plus(properties.waitAfter(attempts)).atOffset(ZoneOffset.UTC), notificationId).update();
                    return attempts;
                }));
        if (claimed.isEmpty()) {
            return true;
        }
        Optional<WebhookSettings.Target> target = settings.target();
        Optional<Notification> notification = notifications.find(notificationId);
        if (target.isEmpty() || notification.isEmpty() || !target.get().kinds().contains(notification.get().kind())) {
            finish(notificationId, "DROPPED", target.isEmpty() ? "the webhook was removed" : "the webhook no longer wants this kind");
            return true;
        }
        byte[] body = body(notification.get());
        WebhookPost.Outcome outcome = post.send(target.get().url(), target.get().secret(), notificationId, body);
        if (outcome.delivered()) {
            transactions.executeWithoutResult(status -> {
                int moved = jdbc.sql("""
                                update platform.notification_delivery set state = 'DELIVERED', delivered_at = ?, last_error = null
                                where tenant_id = platform.current_tenant() and notification_id = ? and state = 'PENDING'""")
                        .params(clock.instant().atOffset(ZoneOffset.UTC), notificationId).update();
                if (moved == 1) {
                    events.publishEvent(new NotificationDelivered(TenantContext.require(), notificationId, notification.get().kind(), clock.instant()));
                }
            });
            return true;
        } else {
            boolean last = claimed.get() >= properties.maxAttempts();
            log.info("notification {} not delivered (attempt {}): {}", notificationId, claimed.get(), outcome.error());
            finish(notificationId, last ? "FAILED" : "PENDING", outcome.error());
            return false;
        }
    }

    /** A test post of the current tenant's webhook (the console's button): signed like the real ones, not queued, not billed. */
    WebhookPost.Outcome test() {
        WebhookSettings.Target target = settings.target().orElseThrow(() -> DomainException.notFound("The notification webhook"));
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("kind", "TEST");
        body.put("test", true);
        body.put("createdAt", clock.instant().toString());
        return post.send(target.url(), target.secret(), id, json.writeValueAsBytes(body));
    }

    private void finish(UUID notificationId, String state, String error) {
        transactions.executeWithoutResult(status -> jdbc.sql("""
                        update platform.notification_delivery set state = ?, last_error = ?
                        where tenant_id = platform.current_tenant() and notification_id = ? and state = 'PENDING'""")
                .params(state, error.length() > 500 ? error.substring(0, 500) : error, notificationId).update());
    }

    /** The post's body: the notification, with the member's id and the brand's own id for them (externalId). */
    private byte[] body(Notification notification) {
        String externalId = transactions.execute(status -> members.lookUp(List.of(notification.memberId()), List.of()).stream()
                .findFirst().map(MemberDirectory.MemberRef::externalId).orElse(null));
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("id", notification.memberId().toString());
        member.put("externalId", externalId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", notification.id().toString());
        body.put("kind", notification.kind().name());
        body.put("member", member);
        body.put("data", notification.data());
        body.put("createdAt", notification.createdAt().toString());
        return json.writeValueAsBytes(body);
    }
}
