package io.jifen.platform.earning;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.jdbc.SqlColumns;
import io.jifen.platform.rules.RuleEngine;
import io.jifen.platform.rules.RuleVersions;

/**
 * The earning tables as the intake reads and writes them: events received (with what they earned and the rules that
 * fired, as JSON), check-ins and risk events. Runs in the caller's transaction; the tenant is the transaction's.
 */
@Component
class EventLog {

    /** An event as stored. */
    record EventRow(String eventId, String type, UUID memberId, @Nullable String orderId, @Nullable Long amountFen, String fingerprint,
                    String state, long points, @Nullable Integer ruleVersion, String lines, @Nullable UUID transactionId,
                    @Nullable String reason) {

        EarningEvents.Outcome outcome(@Nullable Integer index, EarningEvents.Outcome.Status status) {
            var stored = RuleVersions.JSON.readTree(lines);
            List<RuleEngine.Line> rules = new ArrayList<>();
            stored.path("rules").forEach(line -> rules.add(RuleVersions.JSON.treeToValue(line, RuleEngine.Line.class)));
            String cappedBy = stored.path("cappedBy").isString() ? stored.path("cappedBy").asString() : null;
            return new EarningEvents.Outcome(index, eventId, status, points, transactionId, rules, cappedBy, reason);
        }

        List<String> ruleIds() {
            List<String> ids = new ArrayList<>();
            RuleVersions.JSON.readTree(lines).path("rules").forEach(line -> ids.add(line.path("ruleId").asString()));
            return ids;
        }

        @Nullable String pointType() {
            var stored = RuleVersions.JSON.readTree(lines).path("pointType");
            return stored.isString() ? stored.asString() : null;
        }
    }

    /** An event applied in this call, as its row is written. */
    record Applied(Prepared prepared, long points, @Nullable Integer ruleVersion, String lines, @Nullable String reason,
                   @Nullable UUID transactionId) {
    }

    private static final String COLUMNS =
            "event_id, type, member_id, order_id, amount_fen, fingerprint, state, points, rule_version, lines::text, transaction_id, reason";
    private static final String SELECT = "select " + COLUMNS + " from platform.earning_event";

    private final JdbcClient jdbc;

    EventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The rules that fired, what capped them and the point type, as the {@code lines} column keeps them. */
    static String linesJson(RuleEngine.Calculation calculation, @Nullable String pointType) {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("rules", calculation.lines());
        lines.put("cappedBy", calculation.cappedBy());
        lines.put("pointType", pointType);
        return RuleVersions.JSON.writeValueAsString(lines);
    }

    Optional<EventRow> find(String eventId) {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and event_id = ?").param(eventId)
                .query(EventLog::row).optional();
    }

    /** The stored events among these ids, by id. */
    Map<String, EventRow> find(List<String> eventIds) {
        Map<String, EventRow> stored = new HashMap<>();
        jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and event_id = any(?::text[])")
                .param(eventIds.toArray(String[]::new))
                .query(EventLog::row)
                .list().forEach(row -> stored.put(row.eventId(), row));
        return stored;
    }

    Optional<EventRow> paidOrder(String orderId, UUID member) {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_PAID' and member_id = ?")
                .params(orderId, member).query(EventLog::row).optional();
    }

    /** What earlier refunds of the order came to: the amount refunded in fen and the points taken back. */
    long[] refundedBefore(String orderId) {
        return jdbc.sql("""
                        select coalesce(sum(amount_fen), 0), coalesce(sum(-points), 0) from platform.earning_event
                        where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_REFUNDED'""")
                .param(orderId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
    }

    UUID paidTransaction(@Nullable String orderId) {
        return jdbc.sql("""
                        select transaction_id from platform.earning_event
                        where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_PAID' and state = 'APPLIED'""")
                .param(orderId)
                .query(UUID.class)
                .single();
    }

    /** Stores events applied in this call with one statement. */
    void storeApplied(List<Applied> applied, Instant receivedAt) {
        List<Object[]> rows = new ArrayList<>(applied.size());
        for (Applied a : applied) {
            var event = a.prepared().event();
            rows.add(new Object[] {event.eventId(), event.type(), a.prepared().memberId(), a.prepared().at().toOffsetDateTime().toString(),
                    a.prepared().at().toLocalDate().toString(), event.order() == null ? null : event.order().orderId(),
                    event.order() == null ? null : event.order().amountFen(), a.prepared().fingerprint(), a.points(), a.ruleVersion(),
                    a.lines(), a.reason(), a.transactionId()});
        }
        List<Object> params = new ArrayList<>();
        params.add(receivedAt.atOffset(java.time.ZoneOffset.UTC));
        params.addAll(SqlColumns.of(rows, String.class, String.class, UUID.class, String.class, String.class, String.class, Long.class,
                String.class, Long.class, Integer.class, String.class, String.class, UUID.class));
        jdbc.sql("""
                        insert into platform.earning_event (tenant_id, event_id, type, member_id, occurred_at, local_day, order_id, amount_fen,
                            fingerprint, state, points, rule_version, lines, reason, received_at, transaction_id)
                        select platform.current_tenant(), e.event_id, e.type, e.member_id, cast(e.occurred_at as timestamptz),
                               cast(e.local_day as date), e.order_id, e.amount_fen, e.fingerprint, 'APPLIED', e.points, e.rule_version,
                               cast(e.lines as jsonb), e.reason, ?, e.transaction_id
                        from unnest(?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::bigint[],
                                    ?::integer[], ?::text[], ?::text[], ?::uuid[])
                             as e(event_id, type, member_id, occurred_at, local_day, order_id, amount_fen, fingerprint, points, rule_version,
                                  lines, reason, transaction_id)""")
                .params(params)
                .update();
    }

    /** Stores a refund applied now, with the order's amount refunded and the points taken back (negative). */
    void storeRefund(Prepared p, long refundFen, long points, @Nullable Integer ruleVersion, String lines, String reason, Instant receivedAt,
                     @Nullable UUID transactionId) {
        var event = p.event();
        jdbc.sql("""
                        insert into platform.earning_event (tenant_id, event_id, type, member_id, occurred_at, local_day, order_id, amount_fen,
                            fingerprint, state, points, rule_version, lines, reason, received_at, transaction_id)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, 'APPLIED', ?, ?, cast(? as jsonb), ?, ?, ?)""")
                .params(event.eventId(), event.type(), p.memberId(), p.at().toOffsetDateTime(), p.at().toLocalDate(), event.order().orderId(),
                        refundFen, p.fingerprint(), points, ruleVersion, lines, reason, receivedAt.atOffset(java.time.ZoneOffset.UTC), transactionId)
                .update();
    }

    EventRow markApplied(String eventId, UUID transactionId) {
        return jdbc.sql("update platform.earning_event set state = 'APPLIED', transaction_id = ?"
                        + " where tenant_id = platform.current_tenant() and event_id = ? returning " + COLUMNS)
                .params(transactionId, eventId)
                .query(EventLog::row)
                .single();
    }

    void recordRisk(String eventId, UUID member, String type, String reason, Instant at) {
        jdbc.sql("""
                        insert into platform.earning_risk_event (tenant_id, event_id, member_id, type, reason, created_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?)""")
                .params(eventId, member, type, reason, at.atOffset(java.time.ZoneOffset.UTC))
                .update();
    }

    List<EarningEvents.RiskEvent> riskEvents(int limit) {
        return jdbc.sql("""
                        select event_id, member_id, type, reason, created_at from platform.earning_risk_event
                        where tenant_id = platform.current_tenant() order by created_at desc limit ?""")
                .param(limit)
                .query((rs, n) -> new EarningEvents.RiskEvent(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The member's check-in streaks on these days, by day. */
    Map<LocalDate, Integer> checkIns(UUID member, LocalDate day, LocalDate dayBefore) {
        Map<LocalDate, Integer> recent = new HashMap<>();
        jdbc.sql("select day, streak from platform.earning_check_in where tenant_id = platform.current_tenant() and member_id = ? and day in (?, ?)")
                .params(member, day, dayBefore)
                .query((rs, n) -> recent.put(rs.getObject(1, LocalDate.class), rs.getInt(2)))
                .list();
        return recent;
    }

    /** Check-ins from the device in the minute up to {@code at}, whichever member made them. */
    int deviceCheckIns(String device, ZonedDateTime at) {
        return jdbc.sql("""
                        select count(*) from platform.earning_check_in
                        where tenant_id = platform.current_tenant() and device_id = ? and checked_at > ? and checked_at <= ?""")
                .params(device, at.minusMinutes(1).toOffsetDateTime(), at.toOffsetDateTime()).query(Integer.class).single();
    }

    void recordCheckIn(UUID member, ZonedDateTime at, int streak, @Nullable String device, String eventId) {
        jdbc.sql("""
                        insert into platform.earning_check_in (tenant_id, member_id, day, streak, device_id, checked_at, event_id)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?)""")
                .params(member, at.toLocalDate(), streak, device, at.toOffsetDateTime(), eventId)
                .update();
    }

    private static EventRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new EventRow(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), (Long) rs.getObject(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), (Integer) rs.getObject(9), rs.getString(10), rs.getObject(11, UUID.class),
                rs.getString(12));
    }
}
