package io.jifen.platform.earning;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.ledger.Receipt;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleEngine;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.segment.MemberSegments;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.tier.MemberTiers;
import io.jifen.platform.web.Hashes;

/**
 * Takes brands' events and turns them into points by the rules in effect when each happened. A call's events are
 * handled together, set-based: validated ({@link EventValidator}), their members looked up and locked in one order, so
 * calls cannot deadlock ({@link EventMembers}), replays told from new events, priced in order with what is known of each
 * member loaded once for all of them and kept current in memory ({@link BatchFacts}, {@link EventPricing}), then posted
 * to the ledger ({@link Ledger#earnAll}) and stored as APPLIED with one statement each ({@link EventLog}), in one
 * transaction: an event is either applied with its points in the balance, or not at all. A replay of an id answers what
 * was stored. Refunds are {@link OrderRefunds}'.
 */
@Service
public class EarningEvents {

    /** What became of an event; {@code index} is its place in a batch. */
    public record Outcome(@Nullable Integer index, String eventId, Status status, long points, @Nullable UUID transactionId,
                          List<RuleEngine.Line> rules, @Nullable String cappedBy, @Nullable String reason) {

        /** APPLIED now, a DUPLICATE of one applied before, REJECTED (a batch's bad event), or as STORED when looked up. */
        public enum Status { APPLIED, DUPLICATE, REJECTED, STORED }
    }

    /** An event the anti-abuse limits refused points to. */
    public record RiskEvent(String eventId, UUID memberId, String type, String reason, java.time.Instant at) {
    }

    /** What became of one event of a call while the call is handled. */
    private sealed interface Result permits Done, Refused, Unapplied {
    }

    /** Applied now, or answered from what was stored. */
    private record Done(Outcome outcome) implements Result {
    }

    private record Refused(DomainException problem) implements Result {
    }

    /** Stored by an earlier version that posted in a second step and did not get to it: to be applied now, once. */
    private record Unapplied(EventLog.EventRow row) implements Result {
    }

    private final JdbcClient jdbc;
    private final RuleVersions versions;
    private final TenantRegistry tenants;
    private final Ledger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MemberTiers tiers;
    private final MemberSegments segments;
    private final EventMembers members;
    private final EventLog log;
    private final EventPricing pricing;
    private final OrderRefunds refunds;
    private final EarningLimits limits;

    EarningEvents(JdbcClient jdbc, RuleVersions versions, TenantRegistry tenants, Ledger ledger, TransactionTemplate transaction, Clock clock,
                  MemberTiers tiers, MemberSegments segments, EventMembers members, EventLog log, EventPricing pricing, OrderRefunds refunds,
                  EarningLimits limits) {
        this.limits = limits;
        this.jdbc = jdbc;
        this.versions = versions;
        this.tenants = tenants;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
        this.tiers = tiers;
        this.segments = segments;
        this.members = members;
        this.log = log;
        this.pricing = pricing;
        this.refunds = refunds;
    }

    /** One event; bad input is a 400 and changes nothing, an id used for another event a 409. */
    public Outcome ingest(EarningEvent event, @Nullable String actor) {
        return switch (process(Collections.singletonList(event), false, actor)[0]) {
            case Done done -> done.outcome();
            case Refused refused -> throw refused.problem();
            case Unapplied unapplied -> throw new IllegalStateException("left unapplied: " + unapplied.row().eventId());
        };
    }

    /**
     * Up to 1,000 events, applied in their order. A bad one is reported by its index (REJECTED, with the reason) and
     * the others are applied.
     */
    public List<Outcome> ingestAll(List<EarningEvent> events, @Nullable String actor) {
        if (events.isEmpty() || events.size() > 1_000) {
            throw DomainException.invalidField("events", "1 to 1,000 events per batch");
        }
        Result[] results = process(events, true, actor);
        List<Outcome> outcomes = new ArrayList<>(results.length);
        for (int i = 0; i < results.length; i++) {
            EarningEvent event = events.get(i);
            outcomes.add(switch (results[i]) {
                case Done done -> done.outcome();
                case Refused refused -> new Outcome(i, event == null || event.eventId() == null ? "" : event.eventId(), Outcome.Status.REJECTED,
                        0, null,
                        List.of(), null, refused.problem().getMessage());
                case Unapplied unapplied -> throw new IllegalStateException("left unapplied: " + unapplied.row().eventId());
            });
        }
        return outcomes;
    }

    /** The stored outcome of an event. */
    public Outcome find(String eventId) {
        return inTransaction(() -> log.find(eventId)).map(row -> row.outcome(null, Outcome.Status.STORED))
                .orElseThrow(() -> DomainException.notFound("Event " + eventId));
    }

    /** A member's check-in streak as of a day (tenant time zone): the streak day reached and whether that day is checked in yet. */
    public record CheckInStreak(int days, boolean checkedInToday) {
    }

    /** The streak that runs into {@code today}: today's if checked in, else yesterday's (0 when broken). */
    public CheckInStreak checkInStreak(UUID member, java.time.LocalDate today) {
        var recent = inTransaction(() -> log.checkIns(member, today, today.minusDays(1)));
        Integer todays = recent.get(today);
        return todays != null ? new CheckInStreak(todays, true) : new CheckInStreak(recent.getOrDefault(today.minusDays(1), 0), false);
    }

    /** The latest events judged abuse, newest first. */
    public List<RiskEvent> riskEvents(int limit) {
        return inTransaction(() -> log.riskEvents(limit));
    }

    /** The points an event would earn now, and which rules would fire, changing nothing (积分计算器). */
    public RuleEngine.Calculation calculate(EarningEvent event, @Nullable UUID ruleVersionId) {
        EventValidator.validate(event, clock.instant(), limits);
        ZonedDateTime at = at(event, zone());
        var version = ruleVersionId != null ? Optional.of(versions.get(ruleVersionId)) : versions.effectiveAt(at.toInstant());
        return inTransaction(() -> {
            var found = members.lookUp(Collections.singletonList(event))[0];
            if (found instanceof EventMembers.Unfit unfit) {
                throw unfit.problem();
            }
            if (event.type().equals("ORDER_REFUNDED") || version.isEmpty()) {
                return RuleEngine.Calculation.nothing();
            }
            var prepared = new Prepared(0, event, ((EventMembers.Found) found).member(), at, "");
            BatchFacts facts = BatchFacts.load(jdbc, tiers, segments, List.of(prepared), List.of(version.get().rules()), false);
            return pricing.evaluate(version.get().rules(), event, at, pricing.facts(prepared, version.get().rules(), facts));
        });
    }

    /**
     * Each event's result by index. Runs in one transaction, tried a second time if a concurrent call stored one of the
     * same event ids first (the second try answers those as replays or conflicts).
     */
    private Result[] process(List<EarningEvent> events, boolean indexed, @Nullable String actor) {
        Result[] refused = new Result[events.size()];
        for (int i = 0; i < events.size(); i++) {
            EarningEvent event = events.get(i);
            try {
                if (event == null) {
                    throw DomainException.invalidField("events[" + i + "]", "must not be null");
                }
                EventValidator.validate(event, clock.instant(), limits);
            } catch (DomainException problem) {
                refused[i] = new Refused(problem);
            }
        }
        ZoneId zone = zone();
        for (int attempt = 1; ; attempt++) {
            try {
                Result[] done = transaction.execute(status -> store(events, refused.clone(), zone, indexed, actor));
                for (int i = 0; i < done.length; i++) {
                    if (done[i] instanceof Unapplied unapplied) {
                        done[i] = new Done(apply(unapplied.row(), actor).outcome(indexed ? i : null, Outcome.Status.APPLIED));
                    }
                }
                return done;
            } catch (DuplicateKeyException raced) {
                if (attempt == 2) {
                    throw raced;
                }
            }
        }
    }

    /** Looks up, locks, tells replays from new events, prices, posts and stores, in the call's transaction. */
    private Result[] store(List<EarningEvent> events, Result[] results, ZoneId zone, boolean indexed, @Nullable String actor) {
        var found = members.lookUp(events);
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (results[i] != null) {
                continue;
            }
            switch (found[i]) {
                case EventMembers.Unfit unfit -> results[i] = new Refused(unfit.problem());
                case EventMembers.Found member -> prepared.add(new Prepared(i, events.get(i), member.member(), at(events.get(i), zone),
                        Hashes.sha256Hex(RuleVersions.JSON.writeValueAsString(events.get(i)))));
                case null -> throw new IllegalStateException("event " + i + " names no member but was not refused");
            }
        }
        if (prepared.isEmpty()) {
            return results;
        }
        members.lock(prepared.stream().map(Prepared::memberId).distinct().toList());
        Map<String, EventLog.EventRow> stored = log.find(prepared.stream().map(Prepared::eventId).distinct().toList());

        Map<String, Prepared> firstInCall = new HashMap<>();
        List<Prepared> twins = new ArrayList<>();
        List<Prepared> fresh = new ArrayList<>();
        for (Prepared p : prepared) {
            EventLog.EventRow before = stored.get(p.eventId());
            Prepared first = firstInCall.putIfAbsent(p.eventId(), p);
            if (before != null || first != null) {
                String fingerprint = before != null ? before.fingerprint() : first.fingerprint();
                if (!fingerprint.equals(p.fingerprint())) {
                    results[p.index()] = new Refused(new DomainException(ProblemKind.CONFLICT, "event-id-reused", "Event id used",
                            "Event " + p.eventId() + " was received before with other content"));
                } else if (before == null) {
                    twins.add(p);
                } else if (before.state().equals("RECEIVED") && first == p) {
                    results[p.index()] = new Unapplied(before);
                } else {
                    results[p.index()] = new Done(before.outcome(indexed ? p.index() : null, Outcome.Status.DUPLICATE));
                }
            } else {
                fresh.add(p);
            }
        }

        // By identity: versions are cached, and a rule set's own hash code walks all its rules.
        Set<RuleSet> sets = Collections.newSetFromMap(new IdentityHashMap<>());
        fresh.forEach(p -> versions.effectiveAt(p.at().toInstant()).ifPresent(version -> sets.add(version.rules())));
        BatchFacts facts = BatchFacts.load(jdbc, tiers, segments, fresh, sets, true);
        List<EventPricing.Priced> pending = new ArrayList<>();
        for (Prepared p : fresh) {
            try {
                if (p.event().type().equals("ORDER_REFUNDED")) {
                    flush(pending, results, indexed, actor);
                    Outcome refunded = refunds.refund(p, indexed, actor);
                    facts.stored(p, refunded.points());
                    results[p.index()] = new Done(refunded);
                } else {
                    pending.add(pricing.price(p, facts));
                }
            } catch (DomainException problem) {
                results[p.index()] = new Refused(problem);
            }
        }
        flush(pending, results, indexed, actor);
        facts.write(jdbc);
        for (Prepared twin : twins) {
            Result first = results[firstInCall.get(twin.eventId()).index()];
            results[twin.index()] = first instanceof Done(Outcome outcome)
                    ? new Done(new Outcome(indexed ? twin.index() : null, outcome.eventId(), Outcome.Status.DUPLICATE, outcome.points(),
                    outcome.transactionId(), outcome.rules(), outcome.cappedBy(), outcome.reason()))
                    : first;
        }
        return results;
    }

    /** Posts the priced events' points to the ledger, then stores the events as applied, each with one statement. */
    private void flush(List<EventPricing.Priced> pending, Result[] results, boolean indexed, @Nullable String actor) {
        if (pending.isEmpty()) {
            return;
        }
        List<EventPricing.Priced> earning = pending.stream().filter(p -> p.calculation().points() > 0).toList();
        List<Receipt> receipts = earning.isEmpty() ? List.of() : ledger.earnAll(earning.stream()
                .map(p -> new Ledger.KeyedEarn("earning:" + p.prepared().eventId(), earn(p.prepared().memberId(), p.pointType(),
                        p.calculation().points(), p.prepared().event().type(), ruleIds(p.calculation().lines()), p.ruleVersion(), actor,
                        p.pendingDays())))
                .toList());
        Map<EventPricing.Priced, UUID> transactions = new IdentityHashMap<>();
        for (int i = 0; i < earning.size(); i++) {
            transactions.put(earning.get(i), receipts.get(i).transactionId());
        }
        List<EventLog.Applied> applied = new ArrayList<>(pending.size());
        for (EventPricing.Priced p : pending) {
            UUID tx = transactions.get(p);
            applied.add(new EventLog.Applied(p.prepared(), p.calculation().points(), p.ruleVersion(),
                    EventLog.linesJson(p.calculation(), p.pointType()), p.reason(), tx));
            results[p.prepared().index()] = new Done(new Outcome(indexed ? p.prepared().index() : null, p.prepared().eventId(),
                    Outcome.Status.APPLIED,
                    p.calculation().points(), tx, p.calculation().lines(), p.calculation().cappedBy(), p.reason()));
        }
        log.storeApplied(applied, clock.instant());
        pending.clear();
    }

    /** Posts an event an earlier version stored but did not apply (idempotent on the event id) and marks it applied. */
    private EventLog.EventRow apply(EventLog.EventRow row, @Nullable String actor) {
        var receipt = row.type().equals("ORDER_REFUNDED")
                ? ledger.clawback("earning:" + row.eventId(), new Ledger.Clawback(inTransaction(() -> log.paidTransaction(row.orderId())),
                -row.points(), row.reason(), actor))
                : ledger.earn("earning:" + row.eventId(), earn(row.memberId(), row.pointType(), row.points(), row.type(), row.ruleIds(),
                row.ruleVersion(), actor, null));
        return inTransaction(() -> log.markApplied(row.eventId(), receipt.transactionId()));
    }

    private static Ledger.Earn earn(UUID member, @Nullable String pointType, long points, String eventType, List<String> ruleIds,
                                    @Nullable Integer ruleVersion, @Nullable String actor, @Nullable Integer pendingDays) {
        return new Ledger.Earn(member, pointType == null ? PointTypeCatalog.DEFAULT_CODE : pointType, points, "event:" + eventType,
                "rules " + ruleIds + (ruleVersion == null ? "" : " of version " + ruleVersion), null, actor, pendingDays);
    }

    private static List<String> ruleIds(List<RuleEngine.Line> lines) {
        return lines.stream().map(RuleEngine.Line::ruleId).toList();
    }

    private ZoneId zone() {
        return ZoneId.of(tenants.current().settings().timeZone());
    }

    private ZonedDateTime at(EarningEvent event, ZoneId zone) {
        return (event.occurredAt() == null ? clock.instant() : event.occurredAt()).atZone(zone);
    }

    /** Runs in the caller's transaction, or a new one: the tenant's rows are visible only inside a transaction (RLS). */
    private <T> T inTransaction(Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }
}
