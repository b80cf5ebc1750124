package io.jifen.platform.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.web.TimeCursor;

/** The audit tables: a tenant's events ({@code audit_event}, row-level security) and the operator's ({@code operator_audit_event}). */
@Repository
class AuditLog {

    /** One recorded change as the listing answers it. */
    record AuditEvent(UUID id, Instant occurredAt, AuditScope.Actor actor, String method, String path, Map<String, String> pathIds,
                      Resource resource, @Nullable JsonNode before, @Nullable JsonNode after, @Nullable String requestId) {

        TimeCursor cursor() {
            return new TimeCursor(occurredAt, id);
        }
    }

    /** The resource a change was made to. */
    record Resource(String type, @Nullable String id) {
    }

    /** The listing's filters; each null one does not filter. */
    record Filter(@Nullable String actor, @Nullable String resourceType, @Nullable String resourceId, @Nullable Instant from,
                  @Nullable Instant to, @Nullable TimeCursor after) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Writes the event in the caller's transaction, or in one of its own when there is none (the tenant's, by row-level security). */
    @Transactional
    void append(AuditScope scope, String resourceType, @Nullable String resourceId, @Nullable JsonNode before, @Nullable JsonNode after) {
        String table = scope.tenant() == null ? "platform.operator_audit_event" : "platform.audit_event";
        String tenantColumn = scope.tenant() == null ? "" : "tenant_id, ";
        String tenantValue = scope.tenant() == null ? "" : ":tenant, ";
        var statement = jdbc.sql("insert into " + table + " (" + tenantColumn + "id, occurred_at, actor_subject, actor_client, actor_roles,"
                        + " method, path, path_ids, resource_type, resource_id, before, after, request_id)"
                        + " values (" + tenantValue + ":id, :at, :subject, :client, :roles, :method, :path, cast(:ids as jsonb), :type, :resourceId,"
                        + " cast(:before as jsonb), cast(:after as jsonb), :requestId)")
                .param("id", UUID.randomUUID())
                .param("at", Timestamp.from(clock.instant()))
                .param("subject", scope.actor().subject())
                .param("client", scope.actor().clientId())
                .param("roles", scope.actor().roles().toArray(String[]::new))
                .param("method", scope.method())
                .param("path", scope.path())
                .param("ids", json.writeValueAsString(scope.pathIds()))
                .param("type", resourceType)
                .param("resourceId", resourceId)
                .param("before", before == null ? null : json.writeValueAsString(before))
                .param("after", after == null ? null : json.writeValueAsString(after))
                .param("requestId", scope.requestId());
        if (scope.tenant() != null) {
            statement = statement.param("tenant", scope.tenant());
        }
        statement.update();
    }

    /** A page of the tenant's events (or the operator's, when {@code operator}), newest first, one more than {@code size}. */
    @Transactional(readOnly = true)
    List<AuditEvent> list(boolean operator, Filter filter, int size) {
        var where = new ArrayList<String>();
        var params = new java.util.HashMap<String, Object>();
        if (filter.actor() != null) {
            where.add("(actor_subject = :actor or actor_client = :actor)");
            params.put("actor", filter.actor());
        }
        if (filter.resourceType() != null) {
            where.add("resource_type = :type");
            params.put("type", filter.resourceType());
        }
        if (filter.resourceId() != null) {
            where.add("resource_id = :resourceId");
            params.put("resourceId", filter.resourceId());
        }
        if (filter.from() != null) {
            where.add("occurred_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.add("occurred_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        if (filter.after() != null) {
            where.add("(occurred_at, id) < (:afterAt, :afterId)");
            params.put("afterAt", Timestamp.from(filter.after().at()));
            params.put("afterId", filter.after().id());
        }
        String sql = "select id, occurred_at, actor_subject, actor_client, actor_roles, method, path, path_ids::text as path_ids, resource_type,"
                + " resource_id, before::text as before, after::text as after, request_id from "
                + (operator ? "platform.operator_audit_event" : "platform.audit_event")
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by occurred_at desc, id desc limit :limit";
        params.put("limit", size);
        return jdbc.sql(sql).params(params).query((rs, row) -> event(rs)).list();
    }

    private AuditEvent event(ResultSet rs) throws SQLException {
        Array roles = rs.getArray("actor_roles");
        @SuppressWarnings("unchecked")
        Map<String, String> ids = json.readValue(rs.getString("path_ids"), Map.class);
        return new AuditEvent(rs.getObject("id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
                new AuditScope.Actor(rs.getString("actor_subject"), rs.getString("actor_client"), List.of((String[]) roles.getArray())),
                rs.getString("method"), rs.getString("path"), ids, new Resource(rs.getString("resource_type"), rs.getString("resource_id")),
                tree(rs.getString("before")), tree(rs.getString("after")), rs.getString("request_id"));
    }

    private @Nullable JsonNode tree(@Nullable String text) {
        return text == null ? null : json.readTree(text);
    }
}
