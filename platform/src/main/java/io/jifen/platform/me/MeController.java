package io.jifen.platform.me;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.earning.EarningEvents;
import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.ledger.LedgerQueries;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.ledger.Receipt;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.task.MemberTasks;
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

    private final MemberCheckIns checkIns;
    private final LedgerQueries ledger;
    private final MemberProgress progress;
    private final MemberTasks tasks;
    private final MemberDirectory members;

    MeController(MemberCheckIns checkIns, LedgerQueries ledger, MemberProgress progress, MemberTasks tasks, MemberDirectory members) {
        this.checkIns = checkIns;
        this.ledger = ledger;
        this.progress = progress;
        this.tasks = tasks;
        this.members = members;
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
    MemberProgress.TierProgress tier(@AuthenticationPrincipal Jwt token) {
        return progress.tier(MemberTokens.requireMemberId(token));
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
    /** The member checks in (签到), once a day in the tenant's time zone ({@link MemberCheckIns}). */
    @PostMapping("/api/v1/me/check-ins")
    EarningEvents.Outcome checkIn(@AuthenticationPrincipal Jwt token) {
        return checkIns.checkIn(MemberTokens.requireMemberId(token));
    }

    private static String pointType(@Nullable String requested) {
        return Objects.requireNonNullElse(requested, PointTypeCatalog.DEFAULT_CODE);
    }
}
