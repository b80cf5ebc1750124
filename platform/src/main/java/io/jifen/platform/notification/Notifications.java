package io.jifen.platform.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.web.CursorPage;

/**
 * The members' notifications in the current tenant: recorded once per cause (the event that made them), read by their
 * member newest first, marked read. Recording one also queues its post to the tenant's webhook when the webhook wants
 * its kind (the outbox row, in the same transaction).
 */
@Service
public class Notifications {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WebhookSettings webhooks;
    private final Clock clock;

    Notifications(JdbcClient jdbc, JsonMapper json, WebhookSettings webhooks, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** What recording a cause did: the notification's id, and whether it is new and queued for the webhook. */
    record Recorded(UUID id, boolean created, boolean queued) {
    }

    /** Records the member's notification for {@code cause} unless the tenant has one for it already (that one is answered). */
    @Transactional
    Recorded record(UUID member, NotificationKind kind, String cause, Map<String, Object> data) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<UUID> inserted = jdbc.sql("""
                        insert into platform.notification (tenant_id, id, member_id, kind, cause, data, created_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?::jsonb, ?)
                        on conflict (tenant_id, cause) do nothing
                        returning id""")
                .params(UUID.randomUUID(), member, kind.name(), cause, json.writeValueAsString(data), now.atOffset(ZoneOffset.UTC))
                .query(UUID.class).optional();
        if (inserted.isEmpty()) {
            UUID existing = jdbc.sql("select id from platform.notification where tenant_id = platform.current_tenant() and cause = ?")
                    .param(cause).query(UUID.class).single();
            return new Recorded(existing, false, false);
        }
        boolean queued = webhooks.wants(kind);
        if (queued) {
            jdbc.sql("""
                            insert into platform.notification_delivery (tenant_id, notification_id, state, next_attempt_at)
                            values (platform.current_tenant(), ?, 'PENDING', ?)""")
                    .params(inserted.get(), now.atOffset(ZoneOffset.UTC))
                    .update();
        }
        return new Recorded(inserted.get(), true, queued);
    }

    /** The member's notifications, newest first; {@code after} is the previous page's {@code next}. */
    @Transactional(readOnly = true)
    public CursorPage<Notification> inbox(UUID member, @Nullable String after, int size) {
        String key = CursorPage.key(after);
        List<Notification> rows;
        if (key == null) {
            rows = jdbc.sql("""
                            select id, member_id, kind, data::text, created_at, read_at from platform.notification
                            where tenant_id = platform.current_tenant() and member_id = ?
                            order by created_at desc, id desc limit ?""")
                    .params(member, size + 1).query(this::row).list();
        } else {
            Cursor cursor = Cursor.parse(key);
            rows = jdbc.sql("""
                            select id, member_id, kind, data::text, created_at, read_at from platform.notification
                            where tenant_id = platform.current_tenant() and member_id = ? and (created_at, id) < (?, ?)
                            order by created_at desc, id desc limit ?""")
                    .params(member, cursor.createdAt().atOffset(ZoneOffset.UTC), cursor.id(), size + 1).query(this::row).list();
        }
        return CursorPage.of(rows, size, notification -> new Cursor(notification.createdAt(), notification.id()).toString());
    }

    /** How many of the member's notifications are unread. */
    @Transactional(readOnly = true)
    public long unread(UUID member) {
        return jdbc.sql("select count(*) from platform.notification where tenant_id = platform.current_tenant() and member_id = ? and read_at is null")
                .param(member).query(Long.class).single();
    }

    /** Marks one of the member's notifications read (again: no change); another member's, or none, is a 404. */
    @Transactional
    public Notification markRead(UUID member, UUID id) {
        jdbc.sql("""
                        update platform.notification set read_at = ?
                        where tenant_id = platform.current_tenant() and member_id = ? and id = ? and read_at is null""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), member, id).update();
        return jdbc.sql("""
                        select id, member_id, kind, data::text, created_at, read_at from platform.notification
                        where tenant_id = platform.current_tenant() and member_id = ? and id = ?""")
                .params(member, id).query(this::row).optional()
                .orElseThrow(() -> DomainException.notFound("Notification " + id));
    }

    /** Marks these of the member's notifications read (the mall's messages page, once it has shown them); others' ids change nothing. */
    @Transactional
    public void markAllRead(UUID member, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update platform.notification set read_at = ?
                        where tenant_id = platform.current_tenant() and member_id = ? and id = any(?::uuid[]) and read_at is null""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), member, ids.toArray(UUID[]::new)).update();
    }

    /** One notification of the tenant, whoever's (the webhook's body). */
    @Transactional(readOnly = true)
    Optional<Notification> find(UUID id) {
        return jdbc.sql("""
                        select id, member_id, kind, data::text, created_at, read_at from platform.notification
                        where tenant_id = platform.current_tenant() and id = ?""")
                .param(id).query(this::row).optional();
    }

    @SuppressWarnings("unchecked")
    private Notification row(ResultSet rs, int n) throws SQLException {
        return new Notification(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), NotificationKind.valueOf(rs.getString(3)),
                json.readValue(rs.getString(4), Map.class), rs.getObject(5, java.time.OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject(6, java.time.OffsetDateTime.class)).map(java.time.OffsetDateTime::toInstant).orElse(null));
    }

    /** The inbox's keyset: creation time (microseconds, as stored) and id. */
    private record Cursor(Instant createdAt, UUID id) {

        static Cursor parse(String key) {
            int comma = key.indexOf(',');
            try {
                long micros = Long.parseLong(key.substring(0, comma));
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(key.substring(comma + 1)));
            } catch (RuntimeException e) {
                throw DomainException.invalidField("after", "is not a cursor this listing handed out");
            }
        }

        @Override
        public String toString() {
            return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + "," + id;
        }
    }
}
