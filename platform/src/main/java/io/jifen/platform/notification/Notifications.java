package io.jifen.platform.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.jdbc.PendingStatements;
import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;
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
    private final TransactionTemplate transactions;

    Notifications(JdbcClient jdbc, JsonMapper json, WebhookSettings webhooks, Clock clock, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.json = json;
        this.webhooks = webhooks;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** A new notification, and whether it is queued for the webhook (which wants its kind). */
    record Recorded(UUID id, boolean queued) {
    }

    /**
     * Records the member's notification for {@code cause} unless the tenant has one for it already, in one statement,
     * and hands a new one to {@code recorded}: at once, or, when the transaction has opened its pending statements
     * ({@link PendingStatements}), once they are sent (before the commit).
     */
    void record(UUID member, NotificationKind kind, String cause, Map<String, Object> data, Consumer<Recorded> recorded) {
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        Recorded created = new Recorded(TimeOrderedIds.next(), webhooks.wants(kind));
        String insert = """
                with inserted as (
                    insert into platform.notification (tenant_id, id, member_id, kind, cause, data, created_at)
                    values (platform.current_tenant(), ?, ?, ?, ?, ?::jsonb, ?)
                    on conflict (tenant_id, cause) do nothing
                    returning id),
                queued as (
                    insert into platform.notification_delivery (tenant_id, notification_id, state, next_attempt_at)
                    select platform.current_tenant(), id, 'PENDING', ? from inserted where ?)
                select id from inserted""";
        List<Object> params = List.of(created.id(), member, kind.name(), cause, json.writeValueAsString(data), now, now, created.queued());
        SqlPipeline pending = PendingStatements.current(TenantContext.require());
        if (pending != null) {
            pending.add(insert, params, rs -> recorded.accept(created));
        } else if (Boolean.TRUE.equals(transactions.execute(status -> jdbc.sql(insert).params(params).query(UUID.class).optional().isPresent()))) {
            // After its transaction, if it was one of its own: a post the callback starts finds the notification.
            recorded.accept(created);
        }
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
                json.readValue(rs.getString(4), Map.class), rs.getObject(5, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject(6, OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null));
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
