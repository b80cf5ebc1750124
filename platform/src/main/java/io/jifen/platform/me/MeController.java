package io.jifen.platform.me;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.earning.EarningEvents;
import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.ledger.LedgerQueries;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.ledger.Receipt;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.task.MemberTasks;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.tier.MemberTiers;
import io.jifen.platform.web.CursorPage;

/**
 * The member-scoped API: what the signed-in member sees of their own programme. The member is always the token's
 * ({@code member_id}); no path or parameter names a member, so no member can ask for another's data. Only member
 * tokens get here (identity's security configuration).
 */
@RestController
@Validated
class MeController {

    /** Who is signed in. */
    record Me(UUID memberId, String externalId, String audience, String status) {
    }

    /** The member's tier, its score and how far the next tier is (null when on the top tier or without a ladder). */
    record TierProgress(@Nullable String code, @Nullable String name, long score, @Nullable NextTier next) {
    }

    record NextTier(String code, String name, long minScore, long scoreToGo) {
    }

    private final EarningEvents earning;
    private final TenantRegistry tenants;
    private final LedgerQueries ledger;
    private final MemberTiers tiers;
    private final MemberTasks tasks;
    private final MemberDirectory members;
    private final RuleVersions rules;
    private final Clock clock;

    MeController(EarningEvents earning, TenantRegistry tenants, LedgerQueries ledger, MemberTiers tiers, MemberTasks tasks, MemberDirectory members, RuleVersions rules, Clock clock) {
        this.earning = earning;
        this.tenants = tenants;
        this.ledger = ledger;
        this.tiers = tiers;
        this.tasks = tasks;
        this.members = members;
        this.rules = rules;
        this.clock = clock;
    }

    @GetMapping("/api/v1/me")
    Me me(@AuthenticationPrincipal Jwt token) {
        var member = members.get(MemberTokens.requireMemberId(token));
        return new Me(member.id(), member.externalId(), member.audience().name(), member.status().name());
    }

    /** Available, pending and held points, how many of the available ones expire in the next 30 days, and the revivable ones. */
    @GetMapping("/api/v1/me/points/balance")
    LedgerQueries.Balance balance(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String pointType) {
        UUID member = MemberTokens.requireMemberId(token);
        return ledger.balance(member, pointType(pointType));
    }

    /** The member's statement (明细), newest first; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/me/points/statement")
    CursorPage<Receipt> statement(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String pointType,
                                  @RequestParam(required = false) @Nullable String after,
                                  @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return ledger.statement(MemberTokens.requireMemberId(token), pointType(pointType), after, size);
    }

    /** The member's lots in the order they are spent; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/me/points/lots")
    CursorPage<LedgerQueries.Lot> lots(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String pointType,
                                       @RequestParam(defaultValue = "true") boolean openOnly,
                                       @RequestParam(required = false) @Nullable String after,
                                       @RequestParam(defaultValue = "100") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return ledger.lots(MemberTokens.requireMemberId(token), pointType(pointType), openOnly, after, size);
    }

    @GetMapping("/api/v1/me/tier")
    TierProgress tier(@AuthenticationPrincipal Jwt token) {
        var tier = tiers.tier(MemberTokens.requireMemberId(token));
        List<RuleSet.Tier> ladder = rules.effectiveAt(clock.instant()).map(v -> v.rules().tiers()).filter(Objects::nonNull).orElse(List.of());
        long reached = ladder.stream().filter(t -> t.code().equals(tier.code())).mapToLong(RuleSet.Tier::minScore).findFirst().orElse(Long.MIN_VALUE);
        NextTier next = ladder.stream()
                .filter(t -> t.minScore() > reached && t.minScore() > tier.score())
                .min(Comparator.comparingLong(RuleSet.Tier::minScore))
                .map(t -> new NextTier(t.code(), t.name(), t.minScore(), t.minScore() - tier.score()))
                .orElse(null);
        return new TierProgress(tier.code(), tier.name(), tier.score(), next);
    }

    /** The task centre: the programme's tasks and the member's progress on each in its current period. */
    @GetMapping("/api/v1/me/tasks")
    List<MemberTasks.Progress> tasks(@AuthenticationPrincipal Jwt token) {
        return tasks.progress(MemberTokens.requireMemberId(token));
    }

    @GetMapping("/api/v1/me/unlocks")
    List<MemberTasks.Unlock> unlocks(@AuthenticationPrincipal Jwt token) {
        return tasks.unlocks(MemberTokens.requireMemberId(token));
    }

    /**
     * The member checks in (签到): a CHECK_IN event through the earning engine, one a day in the tenant's time zone (a
     * second check-in the same day answers the first as a DUPLICATE and earns nothing); the rules in effect decide the
     * points and streaks.
     */
    @PostMapping("/api/v1/me/check-ins")
    EarningEvents.Outcome checkIn(@AuthenticationPrincipal Jwt token) {
        UUID member = MemberTokens.requireMemberId(token);
        var now = clock.instant();
        LocalDate today = now.atZone(ZoneId.of(tenants.current().settings().timeZone())).toLocalDate();
        String eventId = "check-in:" + member + ":" + today;
        try {
            return earning.ingest(new EarningEvent(eventId, "CHECK_IN", member, null, now, null, Map.of("channel", "mall")), "member:" + member);
        } catch (DomainException checkedInAlready) {
            // Today's event exists (made at another moment, so its request differs): today's check-in, as it was.
            if (checkedInAlready.kind() != ProblemKind.CONFLICT) {
                throw checkedInAlready;
            }
            var earlier = earning.find(eventId);
            return new EarningEvents.Outcome(null, eventId, EarningEvents.Outcome.Status.DUPLICATE, earlier.points(), earlier.transactionId(),
                    earlier.rules(), earlier.cappedBy(), earlier.reason());
        }
    }

    private static String pointType(@Nullable String requested) {
        return Objects.requireNonNullElse(requested, PointTypeCatalog.DEFAULT_CODE);
    }
}
