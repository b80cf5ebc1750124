package io.jifen.platform.earning;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.api.ApiProblem;

/**
 * A tenant's earning programme over HTTP: its rule versions (tenant admins write them), the points calculator, and
 * the events its systems send (one, or batches of up to 1,000).
 */
@RestController
class EarningController {

    /** A rule version as written: the rule set and the range it is effective in. */
    record VersionBody(@Nullable RuleSet rules, @Nullable Instant effectiveFrom, @Nullable Instant effectiveTo, @Nullable String note) {
    }

    record BatchBody(@Nullable List<EarningEvent> events) {
    }

    record BatchView(int applied, int duplicates, int rejected, List<EarningEvents.Outcome> results) {

        static BatchView of(List<EarningEvents.Outcome> results) {
            int applied = (int) results.stream().filter(r -> r.status().equals("APPLIED")).count();
            int duplicates = (int) results.stream().filter(r -> r.status().equals("DUPLICATE")).count();
            return new BatchView(applied, duplicates, results.size() - applied - duplicates, results);
        }
    }

    /** A hypothetical event, priced by the version in effect at its time or by the named (draft) version. */
    record CalculatorBody(@Nullable EarningEvent event, @Nullable UUID ruleVersionId) {
    }

    private final RuleVersions versions;
    private final EarningEvents events;
    private final MemberTiers tiers;
    private final MemberSegments segments;
    private final EarningJobs jobs;
    private final MemberTasks tasks;

    EarningController(RuleVersions versions, EarningEvents events, MemberTiers tiers, MemberSegments segments, EarningJobs jobs,
                      MemberTasks tasks) {
        this.tasks = tasks;
        this.versions = versions;
        this.events = events;
        this.tiers = tiers;
        this.segments = segments;
        this.jobs = jobs;
    }

    @PostMapping("/api/v1/earning/rule-versions")
    @ResponseStatus(HttpStatus.CREATED)
    RuleVersions.Version draft(@RequestBody VersionBody body, @AuthenticationPrincipal Jwt caller) {
        return versions.draft(rules(body), from(body), body.effectiveTo(), body.note(), actor(caller));
    }

    @PutMapping("/api/v1/earning/rule-versions/{versionId}")
    RuleVersions.Version replace(@PathVariable UUID versionId, @RequestBody VersionBody body) {
        return versions.replace(versionId, rules(body), from(body), body.effectiveTo(), body.note());
    }

    @PostMapping("/api/v1/earning/rule-versions/{versionId}/publish")
    RuleVersions.Version publish(@PathVariable UUID versionId, @AuthenticationPrincipal Jwt caller) {
        return versions.publish(versionId, actor(caller));
    }

    /** Every version, newest first. */
    @GetMapping("/api/v1/earning/rule-versions")
    List<RuleVersions.Version> versions() {
        return versions.list();
    }

    @GetMapping("/api/v1/earning/rule-versions/{versionId}")
    RuleVersions.Version version(@PathVariable UUID versionId) {
        return versions.get(versionId);
    }

    /** 积分计算器: what an event would earn and which rules would fire; changes nothing. */
    @PostMapping("/api/v1/earning/calculator")
    RuleEngine.Calculation calculate(@RequestBody CalculatorBody body) {
        if (body.event() == null) {
            throw ApiProblem.invalidField("event", "the event to price");
        }
        return events.calculate(body.event(), body.ruleVersionId());
    }

    @PostMapping("/api/v1/earning/events")
    EarningEvents.Outcome event(@RequestBody EarningEvent event, @AuthenticationPrincipal Jwt caller) {
        return events.ingest(event, actor(caller));
    }

    @PostMapping("/api/v1/earning/event-batches")
    BatchView batch(@RequestBody BatchBody body, @AuthenticationPrincipal Jwt caller) {
        if (body.events() == null) {
            throw ApiProblem.invalidField("events", "1 to 1,000 events per batch");
        }
        return BatchView.of(events.ingestAll(body.events(), actor(caller)));
    }

    record TierFloor(@Nullable String code, @Nullable String reason) {
    }

    /** A tenant admin grants the member a tier as their floor (moved up to it at once, never lowered below it). */
    @PutMapping("/api/v1/members/{memberId}/tier-floor")
    MemberTiers.MemberTier grantFloor(@PathVariable UUID memberId, @RequestBody TierFloor body, @AuthenticationPrincipal Jwt caller) {
        return tiers.grantFloor(memberId, body.code(), body.reason(), actor(caller));
    }

    /** The member's tier, the score it was reached with, its perks' loan limit, and its history. */
    @GetMapping("/api/v1/members/{memberId}/tier")
    MemberTiers.MemberTier tier(@PathVariable UUID memberId) {
        return tiers.tier(memberId);
    }

    /** The task centre: the tasks of the rules in effect and the member's progress on each in its current period. */
    @GetMapping("/api/v1/members/{memberId}/tasks")
    List<MemberTasks.Progress> tasks(@PathVariable UUID memberId) {
        return tasks.progress(memberId);
    }

    /** What the member has unlocked by completing tasks and task packages (e.g. an item for inviters only). */
    @GetMapping("/api/v1/members/{memberId}/unlocks")
    List<MemberTasks.Unlock> unlocks(@PathVariable UUID memberId) {
        return tasks.unlocks(memberId);
    }

    /** The member's RFM scores and segment as of the last segments run. */
    @GetMapping("/api/v1/members/{memberId}/segment")
    MemberSegments.Segment segment(@PathVariable UUID memberId) {
        return segments.of(memberId);
    }

    /** How many members are in each segment. */
    @GetMapping("/api/v1/earning/segments")
    java.util.Map<String, Long> segments() {
        return segments.counts();
    }

    /** The platform operator scores every tenant's members now (the job also runs nightly). */
    @PostMapping("/api/v1/operator/member-segments/runs")
    EarningJobs.Run refreshSegments() {
        return jobs.refreshSegments(Instant.now());
    }

    /** The platform operator gives the birthday gifts due now (the job also runs hourly; each gift is given once a year). */
    @PostMapping("/api/v1/operator/birthday-gifts/runs")
    EarningJobs.Run giveBirthdayGifts() {
        return jobs.giveBirthdayGifts(Instant.now());
    }

    record TierReviewRun(@Nullable Instant asOf) {
    }

    /**
     * The platform operator reviews tiers as of a moment (now by default; the job also runs hourly): tenants whose
     * review period ended before it are reviewed, each period once.
     */
    @PostMapping("/api/v1/operator/tier-reviews/runs")
    EarningJobs.Run reviewTiers(@RequestBody(required = false) @Nullable TierReviewRun body) {
        return jobs.reviewTiers(body == null || body.asOf() == null ? Instant.now() : body.asOf());
    }

    /** The platform operator grants the monthly welfare due now (the job also runs hourly; each month is granted once). */
    @PostMapping("/api/v1/operator/welfare-grants/runs")
    EarningJobs.Run grantWelfare() {
        return jobs.grantWelfare(Instant.now());
    }

    /** The latest events the anti-abuse limits judged abuse (they earned nothing), newest first. */
    @GetMapping("/api/v1/earning/risk-events")
    List<EarningEvents.RiskEvent> riskEvents() {
        return events.riskEvents(100);
    }

    @GetMapping("/api/v1/earning/events/{eventId}")
    EarningEvents.Outcome stored(@PathVariable String eventId) {
        return events.find(eventId);
    }

    private static RuleSet rules(VersionBody body) {
        if (body.rules() == null) {
            throw ApiProblem.invalidField("rules", "the rule set");
        }
        return body.rules();
    }

    private static Instant from(VersionBody body) {
        if (body.effectiveFrom() == null) {
            throw ApiProblem.invalidField("effectiveFrom", "when the version takes effect");
        }
        return body.effectiveFrom();
    }

    /** Who is calling, for the ledger's records: the token's client and subject. */
    static @Nullable String actor(@Nullable Jwt caller) {
        return caller == null ? null : Objects.requireNonNullElse(caller.getClaimAsString("azp"), "") + ":" + caller.getSubject();
    }
}
