package io.jifen.platform.earning;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleEngine;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.task.MemberTasks;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tier.MemberTiers;

/**
 * Prices an earning event by the rule version in effect when it happened, with what is known of its member, and keeps
 * what pricing changes: tasks and streaks advanced, tiers reached, abuse recorded (in the call's transaction).
 */
@Component
class EventPricing {

    /** An earning event priced in this call, waiting to be posted and stored with the others. */
    record Priced(Prepared prepared, RuleEngine.Calculation calculation, @Nullable Integer ruleVersion, @Nullable String reason,
                  @Nullable String pointType, @Nullable Integer pendingDays) {
    }

    private final RuleVersions versions;
    private final MemberTasks tasks;
    private final MemberTiers tiers;
    private final EventLog log;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final EarningLimits limits;

    EventPricing(RuleVersions versions, MemberTasks tasks, MemberTiers tiers, EventLog log, ApplicationEventPublisher events, Clock clock,
                 EarningLimits limits) {
        this.limits = limits;
        this.versions = versions;
        this.tasks = tasks;
        this.tiers = tiers;
        this.log = log;
        this.events = events;
        this.clock = clock;
    }

    /** Prices an earning event, advancing tasks, streaks and tiers, and recording abuse. */
    Priced price(Prepared p, BatchFacts facts) {
        EarningEvent event = p.event();
        UUID member = p.memberId();
        ZonedDateTime at = p.at();
        var version = versions.effectiveAt(at.toInstant());
        RuleSet set = version.map(RuleVersions.Version::rules).orElse(null);
        RuleEngine.MemberFacts known = facts(p, set, facts);
        RuleEngine.Calculation calculation = set == null ? RuleEngine.Calculation.nothing() : evaluate(set, event, at, known);
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
            log.recordRisk(event.eventId(), member, event.type(), calculation.risk(), clock.instant());
            events.publishEvent(new EarningRiskDetected(TenantContext.require(), member, event.eventId(), event.type(),
                    calculation.risk(), clock.instant()));
        } else if (event.type().equals("CHECK_IN") && known.checkInStreak() > 0) {
            log.recordCheckIn(member, at, known.checkInStreak(), device(event), event.eventId());
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

    /**
     * The rules' answer, refused (400) for an order larger than the programme takes, or when it is more points than the
     * programme's or the platform's most for one event ({@link EarningLimits#maxPointsPerEvent}) or than a long holds.
     */
    RuleEngine.Calculation evaluate(RuleSet set, EarningEvent event, ZonedDateTime at, RuleEngine.MemberFacts known) {
        if (event.order() != null && event.order().amountFen() != null && set.maxAmountFen() != null
                && event.order().amountFen() > set.maxAmountFen()) {
            throw DomainException.invalidField("order.amountFen",
                    "at most " + set.maxAmountFen() + " fen: the largest order this programme takes");
        }
        long most = set.maxPointsPerEvent() == null ? limits.maxPointsPerEvent() : Math.min(set.maxPointsPerEvent(), limits.maxPointsPerEvent());
        RuleEngine.Calculation calculation;
        try {
            calculation = RuleEngine.evaluate(set, event, at, known);
        } catch (ArithmeticException overflow) {
            throw tooManyPoints(event, most);
        }
        if (calculation.points() > most) {
            throw tooManyPoints(event, most);
        }
        return calculation;
    }

    private static DomainException tooManyPoints(EarningEvent event, long most) {
        return DomainException.invalidField(event.order() != null ? "order.amountFen" : "type",
                "the event would earn more than " + most + " points, the most one event may earn");
    }

    /** What is known of the member for this event: the batch's facts, and for a check-in its streak and device. */
    RuleEngine.MemberFacts facts(Prepared p, @Nullable RuleSet set, BatchFacts facts) {
        UUID member = p.memberId();
        EarningEvent event = p.event();
        ZonedDateTime at = p.at();
        int streak = 0;
        int deviceCheckIns = 0;
        if (event.type().equals("CHECK_IN")) {
            Map<LocalDate, Integer> recent = log.checkIns(member, at.toLocalDate(), at.toLocalDate().minusDays(1));
            streak = recent.containsKey(at.toLocalDate()) ? 0 : recent.getOrDefault(at.toLocalDate().minusDays(1), 0) + 1;
            String device = device(event);
            if (device != null) {
                deviceCheckIns = log.deviceCheckIns(device, at);
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

    /** The longest return window of the rules that gave the event points; null when none sets one (the point type's applies). */
    private static @Nullable Integer pendingDays(@Nullable RuleSet set, RuleEngine.Calculation calculation) {
        if (set == null || set.rules() == null) {
            return null;
        }
        Set<String> gave = calculation.lines().stream().filter(line -> line.points() > 0).map(RuleEngine.Line::ruleId).collect(Collectors.toSet());
        return set.rules().stream().filter(rule -> rule.pendingDays() != null && gave.contains(rule.id())).map(RuleSet.Rule::pendingDays)
                .max(Integer::compare).orElse(null);
    }

    private static @Nullable String device(EarningEvent event) {
        return event.attributes() == null ? null : event.attributes().get("deviceId");
    }
}
