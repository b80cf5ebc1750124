package io.jifen.platform.earning;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.SqlColumns;
import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleEngine;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleSetValidator;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.segment.MemberSegments;
import io.jifen.platform.task.MemberTasks;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.tier.MemberTiers;
import io.jifen.platform.web.Hashes;

/**
 * Takes brands' events and turns them into points by the rules in effect when each happened. A call's events are
 * handled together, set-based: validated, their members looked up and locked (in one order, so calls cannot deadlock),
 * priced in order with what is known of each member loaded once for all of them and kept current in memory, then
 * posted to the ledger ({@link Ledger#earnAll}) and stored as APPLIED with one statement each, in one transaction: an
 * event is either applied with its points in the balance, or not at all. A replay of an id answers what was stored.
 * A refund takes back the points its order earned in proportion to the amount refunded, across partial refunds; the
 * events before it are written first, so a refund may follow its order in the same batch.
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
    private final TenantRegistry tenants;
    private final Ledger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final MemberTiers tiers;
    private final MemberSegments segments;
    private final MemberTasks tasks;
    private final MemberDirectory directory;

    EarningEvents(JdbcClient jdbc, RuleVersions versions, TenantRegistry tenants, Ledger ledger, TransactionTemplate transaction, Clock clock,
                  ApplicationEventPublisher events, MemberTiers tiers, MemberSegments segments, MemberTasks tasks, MemberDirectory directory) {
        this.directory = directory;
        this.events = events;
        this.tasks = tasks;
        this.tiers = tiers;
        this.segments = segments;
        this.jdbc = jdbc;
        this.versions = versions;
        this.tenants = tenants;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** One event; bad input is a 400 and changes nothing, an id used for another event a 409. */
    public Outcome ingest(EarningEvent event, @Nullable String actor) {
        Object result = process(java.util.Collections.singletonList(event), false, actor)[0];
        if (result instanceof DomainException problem) {
            throw problem;
        }
        return (Outcome) result;
    }

    /**
     * Up to 1,000 events, applied in their order. A bad one is reported by its index (REJECTED, with the reason) and
     * the others are applied.
     */
    public List<Outcome> ingestAll(List<EarningEvent> events, @Nullable String actor) {
        if (events.isEmpty() || events.size() > 1_000) {
            throw DomainException.invalidField("events", "1 to 1,000 events per batch");
        }
        Object[] results = process(events, true, actor);
        List<Outcome> outcomes = new ArrayList<>(results.length);
        for (int i = 0; i < results.length; i++) {
            EarningEvent event = events.get(i);
            outcomes.add(results[i] instanceof DomainException problem
                    ? new Outcome(i, event == null || event.eventId() == null ? "" : event.eventId(), "REJECTED", 0, null, List.of(), null,
                    problem.getMessage())
                    : (Outcome) results[i]);
        }
        return outcomes;
    }

    /** The stored outcome of an event. */
    public Outcome find(String eventId) {
        return stored(eventId).map(row -> row.outcome(null, "STORED")).orElseThrow(() -> DomainException.notFound("Event " + eventId));
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
        ZonedDateTime at = at(event, zone());
        var version = ruleVersionId != null ? Optional.of(versions.get(ruleVersionId)) : versions.effectiveAt(at.toInstant());
        return inTransaction(() -> {
            Object found = members(java.util.Collections.singletonList(event))[0];
            if (found instanceof DomainException problem) {
                throw problem;
            }
            if (event.type().equals("ORDER_REFUNDED") || version.isEmpty()) {
                return RuleEngine.Calculation.nothing();
            }
            MemberInfo member = (MemberInfo) found;
            var prepared = new Prepared(0, event, member, at, "");
            BatchFacts facts = BatchFacts.load(jdbc, tiers, segments, List.of(prepared), List.of(version.get().rules()), false);
            return RuleEngine.evaluate(version.get().rules(), event, at, facts(prepared, version.get().rules(), facts));
        });
    }

    /** A valid event with its member, local time and fingerprint. */
    record Prepared(int index, EarningEvent event, MemberInfo member, ZonedDateTime at, String fingerprint) {

        String eventId() {
            return event.eventId();
        }
    }

    /** What rules need of a member from the member table. */
    record MemberInfo(UUID id, String audience, @Nullable LocalDate birthday) {
    }

    /** An earning event priced in this call, waiting to be posted and stored with the others. */
    private record Priced(Prepared prepared, RuleEngine.Calculation calculation, @Nullable Integer ruleVersion, @Nullable String reason,
                          @Nullable String pointType, @Nullable Integer pendingDays) {
    }

    /**
     * Each event's outcome or the problem that refused it, by index. Runs in one transaction, tried a second time if a
     * concurrent call stored one of the same event ids first (the second try answers those as replays or conflicts).
     */
    private Object[] process(List<EarningEvent> events, boolean indexed, @Nullable String actor) {
        Object[] results = new Object[events.size()];
        for (int i = 0; i < events.size(); i++) {
            EarningEvent event = events.get(i);
            try {
                if (event == null) {
                    throw DomainException.invalidField("events[" + i + "]", "must not be null");
                }
                validate(event);
            } catch (DomainException problem) {
                results[i] = problem;
            }
        }
        ZoneId zone = zone();
        for (int attempt = 1; ; attempt++) {
            try {
                List<Row> unapplied = new ArrayList<>();
                Object[] done = transaction.execute(status -> store(events, results.clone(), zone, indexed, actor, unapplied));
                for (Row row : unapplied) {
                    // Stored by an earlier version that posted in a second step and did not get to it: applied now, once.
                    int index = java.util.stream.IntStream.range(0, done.length).filter(i -> done[i] == row).findFirst().orElseThrow();
                    done[index] = apply(row, actor).outcome(indexed ? index : null, "APPLIED");
                }
                return done;
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                if (attempt == 2) {
                    throw raced;
                }
            }
        }
    }

    private Object[] store(List<EarningEvent> events, Object[] results, ZoneId zone, boolean indexed, @Nullable String actor,
                           List<Row> unapplied) {
        Object[] members = members(events);
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (results[i] != null) {
                continue;
            }
            if (members[i] instanceof DomainException problem) {
                results[i] = problem;
                continue;
            }
            EarningEvent event = events.get(i);
            prepared.add(new Prepared(i, event, (MemberInfo) members[i], at(event, zone),
                    Hashes.sha256Hex(RuleVersions.JSON.writeValueAsString(event))));
        }
        if (prepared.isEmpty()) {
            return results;
        }
        lockMembers(prepared.stream().map(p -> p.member().id()).distinct().toList());
        Map<String, Row> stored = new HashMap<>();
        jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and event_id = any(?::text[])")
                .param(prepared.stream().map(Prepared::eventId).distinct().toArray(String[]::new))
                .query(EarningEvents::row)
                .list().forEach(row -> stored.put(row.eventId(), row));

        Map<String, Prepared> firstInCall = new HashMap<>();
        List<Prepared> twins = new ArrayList<>();
        List<Prepared> fresh = new ArrayList<>();
        for (Prepared p : prepared) {
            Row before = stored.get(p.eventId());
            Prepared first = firstInCall.putIfAbsent(p.eventId(), p);
            if (before != null || first != null) {
                String fingerprint = before != null ? before.fingerprint() : first.fingerprint();
                if (!fingerprint.equals(p.fingerprint())) {
                    results[p.index()] = new DomainException(ProblemKind.CONFLICT, "event-id-reused", "Event id used",
                            "Event " + p.eventId() + " was received before with other content", List.of());
                } else if (before == null) {
                    twins.add(p);
                } else if (before.state().equals("RECEIVED") && first == p) {
                    results[p.index()] = before;
                    unapplied.add(before);
                } else {
                    results[p.index()] = before.outcome(indexed ? p.index() : null, "DUPLICATE");
                }
            } else {
                fresh.add(p);
            }
        }

        // By identity: versions are cached, and a rule set's own hash code walks all its rules.
        Set<RuleSet> sets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        fresh.forEach(p -> versions.effectiveAt(p.at().toInstant()).ifPresent(version -> sets.add(version.rules())));
        BatchFacts facts = BatchFacts.load(jdbc, tiers, segments, fresh, sets, true);
        List<Priced> pending = new ArrayList<>();
        for (Prepared p : fresh) {
            try {
                if (p.event().type().equals("ORDER_REFUNDED")) {
                    flush(pending, results, indexed, actor);
                    Outcome refunded = refund(p, indexed, actor);
                    facts.stored(p, refunded.points());
                    results[p.index()] = refunded;
                } else {
                    pending.add(price(p, facts));
                }
            } catch (DomainException problem) {
                results[p.index()] = problem;
            }
        }
        flush(pending, results, indexed, actor);
        facts.write(jdbc);
        for (Prepared twin : twins) {
            Object first = results[firstInCall.get(twin.eventId()).index()];
            results[twin.index()] = first instanceof Outcome outcome
                    ? new Outcome(indexed ? twin.index() : null, outcome.eventId(), "DUPLICATE", outcome.points(), outcome.transactionId(),
                    outcome.rules(), outcome.cappedBy(), outcome.reason())
                    : first;
        }
        return results;
    }

    /** Prices an earning event (in the call's transaction), advancing tasks, streaks and tiers, and recording abuse. */
    private Priced price(Prepared p, BatchFacts facts) {
        EarningEvent event = p.event();
        UUID member = p.member().id();
        ZonedDateTime at = p.at();
        var version = versions.effectiveAt(at.toInstant());
        RuleSet set = version.map(RuleVersions.Version::rules).orElse(null);
        RuleEngine.MemberFacts known = facts(p, set, facts);
        RuleEngine.Calculation calculation = set == null ? RuleEngine.Calculation.nothing() : RuleEngine.evaluate(set, event, at, known);
        if (set != null && calculation.risk() == null) {
            List<RuleEngine.Line> completed = tasks.advance(member, set, event, at, known);
            if (!completed.isEmpty()) {
                List<RuleEngine.Line> lines = new ArrayList<>(calculation.lines());
                lines.addAll(completed);
                calculation = new RuleEngine.Calculation(calculation.points() + completed.stream().mapToLong(RuleEngine.Line::points).sum(),
                        List.copyOf(lines), calculation.cappedBy(), null);
            }
        }
        if (calculation.risk() != null) {
            jdbc.sql("""
                            insert into platform.earning_risk_event (tenant_id, event_id, member_id, type, reason, created_at)
                            values (platform.current_tenant(), ?, ?, ?, ?, ?)""")
                    .params(event.eventId(), member, event.type(), calculation.risk(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
            events.publishEvent(new EarningRiskDetected(TenantContext.require(), member, event.eventId(), event.type(),
                    calculation.risk(), clock.instant()));
        } else if (event.type().equals("CHECK_IN") && known.checkInStreak() > 0) {
            jdbc.sql("""
                            insert into platform.earning_check_in (tenant_id, member_id, day, streak, device_id, checked_at, event_id)
                            values (platform.current_tenant(), ?, ?, ?, ?, ?, ?)""")
                    .params(member, at.toLocalDate(), known.checkInStreak(), device(event), at.toOffsetDateTime(), event.eventId())
                    .update();
        }
        facts.stored(p, calculation.points());
        facts.used(set, member, at.toLocalDate(), calculation.lines());
        if (set != null && calculation.risk() == null && set.tiers() != null) {
            long score = facts.score(member, set);
            RuleSet.Tier reached = MemberTiers.upgrade(set, known.tier(), score);
            if (reached != null) {
                tiers.recordUpgrade(member, set, known.tier(), reached, score, at, event.eventId());
                facts.tierReached(member, reached.code());
            }
        }
        String reason = set == null ? "no rule version in effect at " + at.toInstant() : calculation.risk();
        return new Priced(p, calculation, version.map(RuleVersions.Version::version).orElse(null), reason, set == null ? null : set.pointType(),
                pendingDays(set, calculation));
    }

    /** The longest return window of the rules that gave the event points; null when none sets one (the point type's applies). */
    private static @Nullable Integer pendingDays(@Nullable RuleSet set, RuleEngine.Calculation calculation) {
        if (set == null || set.rules() == null) {
            return null;
        }
        Set<String> gave = calculation.lines().stream().filter(line -> line.points() > 0).map(RuleEngine.Line::ruleId).collect(Collectors.toSet());
        return set.rules().stream().filter(rule -> rule.pendingDays() != null && gave.contains(rule.id())).map(RuleSet.Rule::pendingDays)
                .max(Integer::compare).orElse(null);
    }

    /** Posts the priced events' points to the ledger, then stores the events as applied, each with one statement. */
    private void flush(List<Priced> pending, Object[] results, boolean indexed, @Nullable String actor) {
        if (pending.isEmpty()) {
            return;
        }
        List<Priced> earning = pending.stream().filter(p -> p.calculation().points() > 0).toList();
        List<io.jifen.platform.ledger.Receipt> receipts = earning.isEmpty() ? List.of() : ledger.earnAll(earning.stream()
                .map(p -> new Ledger.KeyedEarn("earning:" + p.prepared().eventId(), earn(p.prepared().member().id(), p.pointType(),
                        p.calculation().points(), p.prepared().event().type(), ruleIds(p.calculation().lines()), p.ruleVersion(), actor,
                        p.pendingDays())))
                .toList());
        Map<Priced, UUID> transactions = new java.util.IdentityHashMap<>();
        for (int i = 0; i < earning.size(); i++) {
            transactions.put(earning.get(i), receipts.get(i).transactionId());
        }
        List<Object[]> rows = new ArrayList<>();
        for (Priced p : pending) {
            EarningEvent event = p.prepared().event();
            UUID tx = transactions.get(p);
            rows.add(new Object[] {event.eventId(), event.type(), p.prepared().member().id(), p.prepared().at().toOffsetDateTime().toString(),
                    p.prepared().at().toLocalDate().toString(), event.order() == null ? null : event.order().orderId(),
                    event.order() == null ? null : event.order().amountFen(), p.prepared().fingerprint(), p.calculation().points(), p.ruleVersion(),
                    linesJson(p.calculation(), p.pointType()), p.reason(), tx});
            results[p.prepared().index()] = new Outcome(indexed ? p.prepared().index() : null, event.eventId(), "APPLIED", p.calculation().points(),
                    tx, p.calculation().lines(), p.calculation().cappedBy(), p.reason());
        }
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
                .params(params(clock.instant().atOffset(ZoneOffset.UTC), SqlColumns.of(rows, String.class, String.class, UUID.class, String.class,
                        String.class, String.class, Long.class, String.class, Long.class, Integer.class, String.class, String.class, UUID.class)))
                .update();
        pending.clear();
    }


    private static List<Object> params(Object first, List<Object> rest) {
        List<Object> params = new ArrayList<>(rest.size() + 1);
        params.add(first);
        params.addAll(rest);
        return params;
    }

    private static Ledger.Earn earn(UUID member, @Nullable String pointType, long points, String eventType, List<String> ruleIds,
                                    @Nullable Integer ruleVersion, @Nullable String actor, @Nullable Integer pendingDays) {
        return new Ledger.Earn(member, pointType == null ? PointTypeCatalog.DEFAULT_CODE : pointType, points, "event:" + eventType,
                "rules " + ruleIds + (ruleVersion == null ? "" : " of version " + ruleVersion), null, actor, pendingDays);
    }

    private static List<String> ruleIds(List<RuleEngine.Line> lines) {
        return lines.stream().map(RuleEngine.Line::ruleId).toList();
    }

    private static String linesJson(RuleEngine.Calculation calculation, @Nullable String pointType) {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("rules", calculation.lines());
        lines.put("cappedBy", calculation.cappedBy());
        lines.put("pointType", pointType);
        return RuleVersions.JSON.writeValueAsString(lines);
    }

    /**
     * Stores a refund and takes back its share of what the order earned, less what earlier refunds took (in the call's
     * transaction, after the events before it were written).
     */
    private Outcome refund(Prepared p, boolean indexed, @Nullable String actor) {
        EarningEvent event = p.event();
        var order = event.order();
        if (order.refundFen() == null || order.refundFen() <= 0) {
            throw DomainException.invalidField("order.refundFen", "a refund needs the refunded amount, positive");
        }
        UUID member = p.member().id();
        Row paid = jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_PAID' and member_id = ?")
                .params(order.orderId(), member).query(EarningEvents::row).optional()
                .orElseThrow(() -> DomainException.invalidField("order.orderId", "no paid order " + order.orderId() + " of this member"));
        var refundedBefore = jdbc.sql("""
                        select coalesce(sum(amount_fen), 0), coalesce(sum(-points), 0) from platform.earning_event
                        where tenant_id = platform.current_tenant() and order_id = ? and type = 'ORDER_REFUNDED'""")
                .param(order.orderId())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        long orderAmount = paid.amountFen() == null ? 0 : paid.amountFen();
        long refunded = refundedBefore[0] + order.refundFen();
        if (refunded > orderAmount) {
            throw DomainException.invalidField("order.refundFen", "refunds of order " + order.orderId() + " would come to " + refunded
                    + " fen, more than its " + orderAmount);
        }
        long owed = orderAmount == 0 ? 0 : Math.floorDiv(paid.points() * refunded, orderAmount);
        long clawed = Math.max(0, owed - refundedBefore[1]);
        String reason = "refund of order " + order.orderId();
        UUID tx = clawed == 0 ? null : ledger.clawback("earning:" + event.eventId(),
                new Ledger.Clawback(paid.transactionId(), clawed, reason, actor)).transactionId();
        var calculation = new RuleEngine.Calculation(-clawed, List.of(), null, null);
        jdbc.sql("""
                        insert into platform.earning_event (tenant_id, event_id, type, member_id, occurred_at, local_day, order_id, amount_fen,
                            fingerprint, state, points, rule_version, lines, reason, received_at, transaction_id)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, 'APPLIED', ?, ?, cast(? as jsonb), ?, ?, ?)""")
                .params(event.eventId(), event.type(), member, p.at().toOffsetDateTime(), p.at().toLocalDate(), order.orderId(), order.refundFen(),
                        p.fingerprint(), -clawed, paid.ruleVersion(), linesJson(calculation, null), reason, clock.instant().atOffset(ZoneOffset.UTC), tx)
                .update();
        return new Outcome(indexed ? p.index() : null, event.eventId(), "APPLIED", -clawed, tx, List.of(), null, reason);
    }

    /** Posts an event an earlier version stored but did not apply (idempotent on the event id) and marks it applied. */
    private Row apply(Row row, @Nullable String actor) {
        var receipt = row.type().equals("ORDER_REFUNDED")
                ? ledger.clawback("earning:" + row.eventId(), new Ledger.Clawback(paidTransaction(row), -row.points(), row.reason(), actor))
                : ledger.earn("earning:" + row.eventId(), earn(row.memberId(), pointType(row), row.points(), row.type(), row.ruleIds(),
                row.ruleVersion(), actor, null));
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

    private static @Nullable String pointType(Row row) {
        var stored = RuleVersions.JSON.readTree(row.lines()).path("pointType");
        return stored.isString() ? stored.asString() : null;
    }

    /** What is known of the member for this event: the batch's facts, and for a check-in its streak and device. */
    private RuleEngine.MemberFacts facts(Prepared p, @Nullable RuleSet set, BatchFacts facts) {
        UUID member = p.member().id();
        EarningEvent event = p.event();
        ZonedDateTime at = p.at();
        int streak = 0;
        int deviceCheckIns = 0;
        if (event.type().equals("CHECK_IN")) {
            Map<LocalDate, Integer> recent = new HashMap<>();
            jdbc.sql("select day, streak from platform.earning_check_in where tenant_id = platform.current_tenant() and member_id = ? and day in (?, ?)")
                    .params(member, at.toLocalDate(), at.toLocalDate().minusDays(1))
                    .query((rs, n) -> recent.put(rs.getObject(1, LocalDate.class), rs.getInt(2)))
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
        String tierCode = facts.tier(member);
        RuleSet.Tier tier = set == null || set.tiers() == null ? null
                : set.tiers().stream().filter(t -> t.code().equals(tierCode)).findFirst().orElse(null);
        return new RuleEngine.MemberFacts(p.member().audience(), p.member().birthday(), facts.firstOrder(member), facts.earnedOn(member, at.toLocalDate()),
                streak, facts.sameTypeOn(member, at.toLocalDate(), event.type()), deviceCheckIns, tier, facts.segment(member),
                facts.allowance(set, member, at.toLocalDate()),
                set != null && set.tierReview() != null && MemberTiers.inRetentionSprint(set, tier, facts.score(member, set), at));
    }

    private static @Nullable String device(EarningEvent event) {
        return event.attributes() == null ? null : event.attributes().get("deviceId");
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
            throw DomainException.invalid("The event has " + problems.size() + " problem(s)", problems);
        }
    }

    /** The events' members (or why they cannot earn), by index; null where the event was refused already. */
    private Object[] members(List<EarningEvent> events) {
        List<UUID> ids = new ArrayList<>();
        List<String> externalIds = new ArrayList<>();
        for (EarningEvent event : events) {
            if (event != null && event.memberId() != null) {
                ids.add(event.memberId());
            } else if (event != null && event.externalMemberId() != null) {
                externalIds.add(event.externalMemberId());
            }
        }
        Map<Object, MemberDirectory.MemberRef> found = new HashMap<>();
        for (MemberDirectory.MemberRef member : directory.lookUp(ids, externalIds)) {
            found.put(member.id(), member);
            found.put("x:" + member.externalId(), member);
        }
        Object[] members = new Object[events.size()];
        for (int i = 0; i < events.size(); i++) {
            EarningEvent event = events.get(i);
            if (event == null || (event.memberId() == null && event.externalMemberId() == null)) {
                continue;
            }
            MemberDirectory.MemberRef member = found.get(event.memberId() != null ? event.memberId() : "x:" + event.externalMemberId());
            if (member == null) {
                members[i] = event.memberId() != null ? DomainException.notFound("Member " + event.memberId())
                        : DomainException.notFound("Member with external id " + event.externalMemberId());
            } else if (member.status() != MemberStatus.ACTIVE) {
                members[i] = new DomainException(ProblemKind.REFUSED, "member-not-active", "Member not active",
                        "Member " + member.id() + " is " + member.status() + " and earns nothing", List.of());
            } else {
                members[i] = new MemberInfo(member.id(), member.audience().name(), member.birthday());
            }
        }
        return members;
    }

    /** Locks the members' earning in one order (by lock key), so concurrent calls wait for each other and never deadlock. */
    private void lockMembers(List<UUID> members) {
        jdbc.sql("""
                        select count(pg_advisory_xact_lock(k.key)) from (
                            select distinct hashtext('earning:' || platform.current_tenant() || ':' || m) as key
                            from unnest(?::text[]) as m order by 1) as k""")
                .param(members.stream().map(UUID::toString).toArray(String[]::new))
                .query(Long.class).single();
    }

    private ZoneId zone() {
        return ZoneId.of(tenants.current().settings().timeZone());
    }

    private ZonedDateTime at(EarningEvent event, ZoneId zone) {
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
