package io.jifen.platform.me;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.ledger.LedgerQueries;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.ledger.Receipt;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.task.MemberTasks;
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

    private final LedgerQueries ledger;
    private final MemberTiers tiers;
    private final MemberTasks tasks;
    private final MemberDirectory members;
    private final RuleVersions rules;
    private final Clock clock;

    MeController(LedgerQueries ledger, MemberTiers tiers, MemberTasks tasks, MemberDirectory members, RuleVersions rules, Clock clock) {
        this.ledger = ledger;
        this.tiers = tiers;
        this.tasks = tasks;
        this.members = members;
        this.rules = rules;
        this.clock = clock;
    }

    @GetMapping("/api/v1/me")
    Me me(@AuthenticationPrincipal Jwt token) {
        var member = members.get(memberOf(token));
        return new Me(member.id(), member.externalId(), member.audience().name(), member.status().name());
    }

    /**
     * The balance as the staff API answers it ({@link LedgerQueries.Balance}) and {@code revivable}: points that expired
     * within the last year, which festival zones' items (积分复活节) can be bought with.
     */
    record MemberBalance(UUID memberId, String pointType, long available, long pending, long expiringWithin30Days, long expired,
                         long held, long owed, long ledgerBalance, long revivable) {
    }

    /** Available, pending and held points, how many of the available ones expire in the next 30 days, and the revivable ones. */
    @GetMapping("/api/v1/me/points/balance")
    MemberBalance balance(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String pointType) {
        UUID member = memberOf(token);
        var balance = ledger.balance(member, pointType(pointType));
        return new MemberBalance(balance.memberId(), balance.pointType(), balance.available(), balance.pending(),
                balance.expiringWithin30Days(), balance.expired(), balance.held(), balance.owed(), balance.ledgerBalance(),
                ledger.revivable(member, pointType(pointType)));
    }

    /** The member's statement (明细), newest first; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/me/points/statement")
    CursorPage<Receipt> statement(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String pointType,
                                  @RequestParam(required = false) @Nullable String after,
                                  @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return ledger.statement(memberOf(token), pointType(pointType), after, size);
    }

    /** The member's lots in the order they are spent; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/me/points/lots")
    CursorPage<LedgerQueries.Lot> lots(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String pointType,
                                       @RequestParam(defaultValue = "true") boolean openOnly,
                                       @RequestParam(required = false) @Nullable String after,
                                       @RequestParam(defaultValue = "100") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return ledger.lots(memberOf(token), pointType(pointType), openOnly, after, size);
    }

    @GetMapping("/api/v1/me/tier")
    TierProgress tier(@AuthenticationPrincipal Jwt token) {
        var tier = tiers.tier(memberOf(token));
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
        return tasks.progress(memberOf(token));
    }

    @GetMapping("/api/v1/me/unlocks")
    List<MemberTasks.Unlock> unlocks(@AuthenticationPrincipal Jwt token) {
        return tasks.unlocks(memberOf(token));
    }

    private static UUID memberOf(Jwt token) {
        // The security configuration lets only tokens with a member id in; this is its second line.
        return Objects.requireNonNull(MemberTokens.memberId(token), "member token without member_id");
    }

    private static String pointType(@Nullable String requested) {
        return Objects.requireNonNullElse(requested, PointTypeCatalog.DEFAULT_CODE);
    }
}
