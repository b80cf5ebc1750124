package io.jifen.platform.tier;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.tenancy.TenantJobs;

/** Members' tiers over HTTP, and the operator's runs of the tier jobs. */
@RestController
class TierController {

    record TierFloor(@Nullable String code, @Nullable String reason) {
    }

    record TierReviewRun(@Nullable Instant asOf) {
    }

    private final MemberTiers tiers;
    private final TierJobs jobs;

    TierController(MemberTiers tiers, TierJobs jobs) {
        this.tiers = tiers;
        this.jobs = jobs;
    }

    /** A tenant admin grants the member a tier as their floor (moved up to it at once, never lowered below it). */
    @PutMapping("/api/v1/members/{memberId}/tier-floor")
    MemberTiers.MemberTier grantFloor(@PathVariable UUID memberId, @RequestBody TierFloor body, @AuthenticationPrincipal Jwt caller) {
        return tiers.grantFloor(memberId, body.code(), body.reason(), Actors.of(caller));
    }

    /** The member's tier, the score it was reached with, its perks' loan limit, and its history. */
    @GetMapping("/api/v1/members/{memberId}/tier")
    MemberTiers.MemberTier tier(@PathVariable UUID memberId) {
        return tiers.tier(memberId);
    }

    /** The platform operator gives the birthday gifts due now (the job also runs hourly; each gift is given once a year). */
    @PostMapping("/api/v1/operator/birthday-gifts/runs")
    TenantJobs.Run giveBirthdayGifts() {
        return jobs.giveBirthdayGifts(Instant.now());
    }

    /**
     * The platform operator reviews tiers as of a moment (now by default; the job also runs hourly): tenants whose
     * review period ended before it are reviewed, each period once.
     */
    @PostMapping("/api/v1/operator/tier-reviews/runs")
    TenantJobs.Run reviewTiers(@RequestBody(required = false) @Nullable TierReviewRun body) {
        return jobs.reviewTiers(body == null || body.asOf() == null ? Instant.now() : body.asOf());
    }
}
