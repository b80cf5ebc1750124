package io.jifen.platform.earning;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.api.ApiProblem;
import io.jifen.platform.api.FieldProblem;
import io.jifen.platform.api.Hashes;
import io.jifen.platform.api.ProblemType;
import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.member.Member;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Takes brands' events and turns them into points by the rules in effect when each happened. An event is stored with
 * the points it earns (RECEIVED) before the ledger is asked, then marked APPLIED with the ledger's transaction; a
 * replay of its id answers what was stored, and one that was stored but not yet applied is applied now, with the
 * points stored (the ledger's idempotency key is the event's id, so nothing is applied twice). A refund takes back
 * the points its order earned in proportion to the amount refunded, across partial refunds. Points are in the
 * member's balance when the call answers.
 */
@Service
public class EarningEvents {

    /** What became of an event; {@code index} is its place in a batch. */
    public record Outcome(@Nullable Integer index, String eventId, String status, long points, @Nullable UUID transactionId,
                          List<RuleEngine.Line> rules, @Nullable String cappedBy, @Nullable String reason) {
    }

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final JdbcClient jdbc;
    private final RuleVersions versions;
    private final MemberDirectory members;
    private final TenantRegistry tenants;
    private final Ledger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final MemberTiers tiers;
    private final MemberSegments segments;
    private final MemberTasks tasks;

    EarningEvents(JdbcClient jdbc, RuleVersions versions, MemberDirectory members, TenantRegistry tenants, Ledger ledger,
                  TransactionTemplate transaction, Clock clock, ApplicationEventPublisher events, MemberTiers tiers, MemberSegments segments,
                  MemberTasks tasks) {
        this.events = events;
        this.tasks = tasks;
        this.tiers = tiers;
        this.segments = segments;
        this.jdbc = jdbc;
        this.versions = versions;
        this.members = members;
        this.tenants = tenants;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** One event; bad input is a 400 and changes nothing, an id used for another event a 409. */
    public Outcome ingest(EarningEvent event, @Nullable String actor) {
        return ingest(null, event, actor);
    }

    /**
     * Up to 1,000 events. Each is applied on its own: a bad one is reported by its index and the others are applied.
     * Events of one member are applied in their order; different members' at once.
     */
    public List<Outcome> ingestAll(List<EarningEvent> events, @Nullable String actor) {
        if (events.isEmpty() || events.size() > 1_000) {
            throw ApiProblem.invalidField("events", "1 to 1,000 events per batch");
        }
        UUID tenant = TenantContext.require();
        Map<String, List<Integer>> byMember = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            EarningEvent event = events.get(i);
            String member = event == null ? "?" + i : event.memberId() != null ? event.memberId().toString() : "x:" + event.externalMemberId();
            byMember.computeIfAbsent(member, m -> new ArrayList<>()).add(i);
        }
        Outcome[] outcomes = new Outcome[events.size()];
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (List<Integer> indexes : byMember.values()) {
                running.add(workers.submit(() -> TenantContext.runAs(tenant, () -> {
                    for (int i : indexes) {
                        outcomes[i] = rejectedOr(i, events.get(i), actor);
                    }
                })));
            }
            for (Future<?> run : running) {
                run.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
        return List.of(outcomes);
    }

    /** The stored outcome of an event. */
    public Outcome find(String eventId) {
        return stored(eventId).map(row -> row.outcome(null, "STORED")).orElseThrow(() -> ApiProblem.notFound("Event " + eventId));
    }

    /** An event the anti-abuse limits refused points to. */
    public record RiskEvent(String eventId, UUID memberId, String type, String reason, java.time.Instant at) {
    }

    /** The latest events judged abuse, newest first. */
    public List<RiskEvent> riskEvents(int limit) {
        return inTransaction(() -> jdbc.sql("""
                        select event_id, member_id, type, reason, created_at from platform.earning_risk_event
                        where tenant_id = platform.current_tenant() order by created_at desc limit ?""")
                .param(limit)
                .query((rs, n) -> new RiskEvent(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getObject(5, java.time.OffsetDateTime.class).toInstant()))
                .list());
    }

    /** The points an event would earn now, and which rules would fire, changing nothing (积分计算器). */
    public RuleEngine.Calculation calculate(EarningEvent event, @Nullable UUID ruleVersionId) {
        validate(event);
        Member member = member(event);
        ZonedDateTime at = at(event);
        var version = ruleVersionId != null ? Optional.of(versions.get(ruleVersionId)) : versions.effectiveAt(at.toInstant());
        if (event.type().equals("ORDER_REFUNDED") || version.isEmpty()) {
            return RuleEngine.Calculation.nothing();
        }
        return RuleEngine.evaluate(version.get().rules(), event, at, facts(member, at, event, version.get().rules()));
    }

    private Outcome rejectedOr(int index, @Nullable EarningEvent event, @Nullable String actor) {
        try {
            if (event == null) {
                throw ApiProblem.invalidField("events[" + index + "]", "must not be null");
            }
            return ingest(index, event, actor);
        } catch (ApiProblem e) {
            return new Outcome(index, event == null ? "" : event.eventId(), "REJECTED", 0, null, List.of(), null, e.getMessage());
        }
    }

    private Outcome ingest(@Nullable Integer index, EarningEvent event, @Nullable String actor) {
        validate(event);
        Member member = member(event);
        ZonedDateTime at = at(event);
        String fingerprint = Hashes.sha256Hex(RuleVersions.JSON.writeValueAsString(event));
        Received received = event.type().equals("ORDER_REFUNDED")
                ? receiveRefund(event, member, at, fingerprint)
                : receiveEarn(event, member, at, fingerprint);
        Row row = received.row();
        if (!row.fingerprint().equals(fingerprint)) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemType.of("event-id-reused"), "Event id used",
                    "Event " + row.eventId() + " was received before with other content", List.of());
        }
        if (row.state().equals("RECEIVED")) {
            // New, or stored earlier by a call that did not get to the ledger: applied now, once (the ledger's key).
            return apply(row, actor).outcome(index, "APPLIED");
        }
        return row.outcome(index, received.fresh() ? row.state() : "DUPLICATE");
    }

    /** A stored event, and whether this call stored it. */
    private record Received(Row row, boolean fresh) {
    }

    /** Stores an earning event with the points it earns; the member's lock makes the daily cap and "first order" exact. */
    private Received receiveEarn(EarningEvent event, Member member, ZonedDateTime at, String fingerprint) {
        return transaction.execute(status -> {
            lockMember(member.id());
            Optional<Row> before = stored(event.eventId());
            if (before.isPresent()) {
                return new Received(before.get(), false);
            }
            var version = versions.effectiveAt(at.toInstant());
            RuleEngine.MemberFacts facts = facts(member, at, event, version.map(RuleVersions.Version::rules).orElse(null));
            RuleEngine.Calculation calculation = version
                    .map(v -> RuleEngine.evaluate(v.rules(), event, at, facts))
                    .orElse(RuleEngine.Calculation.nothing());
            if (version.isPresent() && calculation.risk() == null) {
                List<RuleEngine.Line> completed = tasks.advance(member.id(), version.get().rules(), event, at, facts);
                if (!completed.isEmpty()) {
                    List<RuleEngine.Line> lines = new ArrayList<>(calculation.lines());
                    lines.addAll(completed);
                    calculation = new RuleEngine.Calculation(calculation.points() + completed.stream().mapToLong(RuleEngine.Line::points).sum(),
                            List.copyOf(lines), calculation.cappedBy(), null);
                }
            }
            String reason = version.isEmpty() ? "no rule version in effect at " + at.toInstant() : calculation.risk();
            if (calculation.risk() != null) {
                jdbc.sql("""
                                insert into platform.earning_risk_event (tenant_id, event_id, member_id, type, reason, created_at)
                                values (platform.current_tenant(), ?, ?, ?, ?, ?)""")
                        .params(event.eventId(), member.id(), event.type(), calculation.risk(), clock.instant().atOffset(ZoneOffset.UTC))
                        .update();
                events.publishEvent(new EarningRiskDetected(TenantContext.require(), member.id(), event.eventId(), event.type(),
                        calculation.risk(), clock.instant()));
            } else if (event.type().equals("CHECK_IN") && facts.checkInStreak() > 0) {
                jdbc.sql("""
                                insert into platform.earning_check_in (tenant_id, member_id, day, streak, device_id, checked_at, event_id)
                                values (platform.current_tenant(), ?, ?, ?, ?, ?, ?)""")
                        .params(member.id(), at.toLocalDate(), facts.checkInStreak(), device(event), at.toOffsetDateTime(), event.eventId())
                        .update();
            }
            String pointType = version.map(v -> v.rules().pointType()).orElse(null);
            Row stored = insert(event, member.id(), at, fingerprint, calculation.points() > 0 ? "RECEIVED" : "APPLIED",
                    calculation.points(), version.map(RuleVersions.Version::version).orElse(null), calculation, reason, pointType);
            if (calculation.risk() == null && version.isPresent() && version.get().rules().tiers() != null) {
                tiers.promote(member.id(), version.get().rules(), at, facts.tier(), event.eventId());
            }
            return new Received(stored, true);
        });
    }

    /** Stores a refund with the points it takes back: its share of what the order earned, less what earlier refunds took. */
    private Received receiveRefund(EarningEvent event, Member member, ZonedDateTime at, String fingerprint) {
        var order = event.order();
        if (order.refundFen() == null || order.refundFen() <= 0) {
            throw ApiProblem.invalidField("order.refundFen", "a refund needs the refunded amount, positive");
        }
        return transaction.execute(status -> {
            lockMember(member.id());
            Optional<Row> before = stored(event.eventId());
            if (before.isPresent()) {
                return new Received(before.get(), false);
            }
            Row paid = jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_PAID' and member_id = ?")
                    .params(order.orderId(), member.id()).query(EarningEvents::row).optional()
                    .orElseThrow(() -> ApiProblem.invalidField("order.orderId", "no paid order " + order.orderId() + " of this member"));
            var refundedBefore = jdbc.sql("""
                            select coalesce(sum(amount_fen), 0), coalesce(sum(-points), 0) from platform.earning_event
                            where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_REFUNDED'""")
                    .param(order.orderId())
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .single();
            long orderAmount = paid.amountFen() == null ? 0 : paid.amountFen();
            long refunded = refundedBefore[0] + order.refundFen();
            if (refunded > orderAmount) {
                throw ApiProblem.invalidField("order.refundFen", "refunds of order " + order.orderId() + " would come to " + refunded
                        + " fen, more than its " + orderAmount);
            }
            long owed = orderAmount == 0 ? 0 : Math.floorDiv(paid.points() * refunded, orderAmount);
            long clawed = Math.max(0, owed - refundedBefore[1]);
            return new Received(insert(event, member.id(), at, fingerprint, clawed > 0 ? "RECEIVED" : "APPLIED", -clawed, paid.ruleVersion(),
                    new RuleEngine.Calculation(-clawed, List.of(), null, null), "refund of order " + order.orderId(), null), true);
        });
    }

    /** Posts a stored event's points to the ledger (idempotent on the event id) and marks it applied. */
    private Row apply(Row row, @Nullable String actor) {
        var receipt = row.type().equals("ORDER_REFUNDED")
                ? ledger.clawback("earning:" + row.eventId(), new Ledger.Clawback(paidTransaction(row), -row.points(), row.reason(), actor))
                : ledger.earn("earning:" + row.eventId(), new Ledger.Earn(row.memberId(), pointType(row), row.points(), "event:" + row.type(),
                        "rules " + row.ruleIds() + (row.ruleVersion() == null ? "" : " of version " + row.ruleVersion()), null, actor));
        return inTransaction(() -> jdbc.sql("update platform.earning_event set state = 'APPLIED', transaction_id = ?"
                        + " where tenant_id = platform.current_tenant() and event_id = ? returning " + COLUMNS)
                .params(receipt.transactionId(), row.eventId())
                .query(EarningEvents::row)
                .single());
    }

    private UUID paidTransaction(Row refund) {
        return inTransaction(() -> jdbc.sql("""
                        select transaction_id from platform.earning_event
                        where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_PAID' and state = 'APPLIED'""")
                .param(refund.orderId())
                .query(UUID.class)
                .single());
    }

    private static String pointType(Row row) {
        var stored = RuleVersions.JSON.readTree(row.lines()).path("pointType");
        return stored.isString() ? stored.asString() : PointTypeCatalog.DEFAULT_CODE;
    }

    private RuleEngine.MemberFacts facts(Member member, ZonedDateTime at, EarningEvent event, @Nullable RuleSet set) {
        return inTransaction(() -> factsInTransaction(member, at, event, set));
    }

    private RuleEngine.MemberFacts factsInTransaction(Member member, ZonedDateTime at, EarningEvent event, @Nullable RuleSet set) {
        String eventId = event.eventId();
        boolean ordered = jdbc.sql("""
                        select exists (select 1 from platform.earning_event where tenant_id = platform.current_tenant() and member_id = ?
                                       and type = 'ORDER_PAID' and event_id <> ?)""")
                .params(member.id(), eventId).query(Boolean.class).single();
        long today = jdbc.sql("""
                        select coalesce(sum(points), 0) from platform.earning_event
                        where tenant_id = platform.current_tenant() and member_id = ? and local_day = ? and points > 0""")
                .params(member.id(), at.toLocalDate()).query(Long.class).single();
        // Counted only when a limit needs it: this runs for every event.
        boolean limited = set != null && set.dailyEventLimits() != null && set.dailyEventLimits().containsKey(event.type());
        int sameType = !limited ? 0 : jdbc.sql("""
                        select count(*) from platform.earning_event
                        where tenant_id = platform.current_tenant() and member_id = ? and local_day = ? and type = ? and event_id <> ?""")
                .params(member.id(), at.toLocalDate(), event.type(), eventId).query(Integer.class).single();
        int streak = 0;
        int deviceCheckIns = 0;
        if (event.type().equals("CHECK_IN")) {
            Map<java.time.LocalDate, Integer> recent = new java.util.HashMap<>();
            jdbc.sql("select day, streak from platform.earning_check_in where tenant_id = platform.current_tenant() and member_id = ? and day in (?, ?)")
                    .params(member.id(), at.toLocalDate(), at.toLocalDate().minusDays(1))
                    .query((rs, n) -> recent.put(rs.getObject(1, java.time.LocalDate.class), rs.getInt(2)))
                    .list();
            streak = recent.containsKey(at.toLocalDate()) ? 0 : recent.getOrDefault(at.toLocalDate().minusDays(1), 0) + 1;
            String device = device(event);
            if (device != null) {
                deviceCheckIns = jdbc.sql("""
                                select count(*) from platform.earning_check_in
                                where tenant_id = platform.current_tenant() and device_id = ? and checked_at > ? and checked_at <= ?""")
                        .params(device, at.minusMinutes(1).toOffsetDateTime(), at.toOffsetDateTime()).query(Integer.class).single();
            }
        }
        RuleSet.Tier tier = set == null ? null : tiers.current(member.id(), set);
        String segment = set == null ? null : segments.code(member.id());
        return new RuleEngine.MemberFacts(member.audience().name(), member.profile().birthday(), !ordered, today, streak, sameType, deviceCheckIns,
                tier, segment);
    }

    private static @Nullable String device(EarningEvent event) {
        return event.attributes() == null ? null : event.attributes().get("deviceId");
    }

    private Row insert(EarningEvent event, UUID memberId, ZonedDateTime at, String fingerprint, String state, long points,
                        @Nullable Integer ruleVersion, RuleEngine.Calculation calculation, @Nullable String reason, @Nullable String pointType) {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("rules", calculation.lines());
        lines.put("cappedBy", calculation.cappedBy());
        lines.put("pointType", pointType);
        return jdbc.sql("""
                        insert into platform.earning_event (tenant_id, event_id, type, member_id, occurred_at, local_day, order_id, amount_fen,
                            fingerprint, state, points, rule_version, lines, reason, received_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                        returning\s""" + COLUMNS)
                .params(event.eventId(), event.type(), memberId, at.toOffsetDateTime(), at.toLocalDate(),
                        event.order() == null ? null : event.order().orderId(),
                        event.order() == null ? null : event.type().equals("ORDER_REFUNDED") ? event.order().refundFen() : event.order().amountFen(),
                        fingerprint, state, points, ruleVersion, RuleVersions.JSON.writeValueAsString(lines), reason,
                        clock.instant().atOffset(ZoneOffset.UTC))
                .query(EarningEvents::row)
                .single();
    }

    private void lockMember(UUID member) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('earning:' || platform.current_tenant() || ':' || ?))").param(member.toString())
                .query().singleRow();
    }

    private void validate(EarningEvent event) {
        List<FieldProblem> problems = new ArrayList<>();
        if (event.eventId() == null || !EVENT_ID.matcher(event.eventId()).matches()) {
            problems.add(FieldProblem.of("eventId", "1 to 100 of letters, digits, '.', '_', ':', '-'"));
        }
        if (event.type() == null || !RuleSetValidator.knownType(event.type())) {
            problems.add(FieldProblem.of("type", "one of " + RuleSetValidator.EVENT_TYPES + " or custom.<name>"));
        }
        if ((event.memberId() == null) == (event.externalMemberId() == null)) {
            problems.add(FieldProblem.of("memberId", "name the member by memberId or by externalMemberId, one of them"));
        }
        boolean orderEvent = "ORDER_PAID".equals(event.type()) || "ORDER_REFUNDED".equals(event.type());
        if (orderEvent && (event.order() == null || event.order().orderId() == null || event.order().orderId().isBlank())) {
            problems.add(FieldProblem.of("order.orderId", "an order event needs its order"));
        }
        if ("ORDER_PAID".equals(event.type()) && event.order() != null && (event.order().amountFen() == null || event.order().amountFen() < 0)) {
            problems.add(FieldProblem.of("order.amountFen", "a paid order needs its amount, not negative"));
        }
        if (event.order() != null && event.order().items() != null && event.order().items().stream().anyMatch(i -> i == null || i.amountFen() < 0)) {
            problems.add(FieldProblem.of("order.items", "items need an amount, not negative"));
        }
        if (event.occurredAt() != null && event.occurredAt().isAfter(clock.instant().plusSeconds(300))) {
            problems.add(FieldProblem.of("occurredAt", "in the future"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid("The event has " + problems.size() + " problem(s)", problems);
        }
    }

    private Member member(EarningEvent event) {
        Member member = event.memberId() != null ? members.get(event.memberId()) : members.getByExternalId(event.externalMemberId());
        if (member.status() != io.jifen.platform.member.MemberStatus.ACTIVE) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemType.of("member-not-active"), "Member not active",
                    "Member " + member.id() + " is " + member.status() + " and earns nothing", List.of());
        }
        return member;
    }

    private ZonedDateTime at(EarningEvent event) {
        ZoneId zone = ZoneId.of(tenants.current().settings().timeZone());
        return (event.occurredAt() == null ? clock.instant() : event.occurredAt()).atZone(zone);
    }

    private Optional<Row> stored(String eventId) {
        return inTransaction(() -> jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and event_id = ?").param(eventId)
                .query(EarningEvents::row).optional());
    }

    /** Runs in the caller's transaction, or a new one: the tenant's rows are visible only inside a transaction (RLS). */
    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }

    private static final String COLUMNS =
            "event_id, type, member_id, order_id, amount_fen, fingerprint, state, points, rule_version, lines::text, transaction_id, reason";
    private static final String SELECT = "select " + COLUMNS + " from platform.earning_event";

    private record Row(String eventId, String type, UUID memberId, @Nullable String orderId, @Nullable Long amountFen, String fingerprint,
                       String state, long points, @Nullable Integer ruleVersion, String lines, @Nullable UUID transactionId,
                       @Nullable String reason) {

        Outcome outcome(@Nullable Integer index, String status) {
            var stored = RuleVersions.JSON.readTree(lines);
            List<RuleEngine.Line> rules = new ArrayList<>();
            stored.path("rules").forEach(line -> rules.add(RuleVersions.JSON.treeToValue(line, RuleEngine.Line.class)));
            String cappedBy = stored.path("cappedBy").isString() ? stored.path("cappedBy").asString() : null;
            return new Outcome(index, eventId, status, points, transactionId, rules, cappedBy, reason);
        }

        List<String> ruleIds() {
            List<String> ids = new ArrayList<>();
            RuleVersions.JSON.readTree(lines).path("rules").forEach(line -> ids.add(line.path("ruleId").asString()));
            return ids;
        }
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), (Long) rs.getObject(5), rs.getString(6),
                rs.getString(7), rs.getLong(8), (Integer) rs.getObject(9), rs.getString(10), rs.getObject(11, UUID.class), rs.getString(12));
    }

}
