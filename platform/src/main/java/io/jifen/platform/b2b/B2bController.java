package io.jifen.platform.b2b;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantJobs;
import io.jifen.platform.web.CursorPage;

/**
 * The B2B audiences over HTTP: employee budgets (tenant admins create and fund them and grant from them, as JSON or as
 * a CSV file, or monthly by a welfare schedule), dealers' target attainment, and the sales guides' leaderboard.
 */
@RestController
class B2bController {

    record NewBudget(@Nullable String code, @Nullable String name) {
    }

    record Funding(@Nullable String id, @Nullable Long points, @Nullable String reason) {
    }

    record Grant(@Nullable String id, @Nullable String reason, @Nullable List<Budgets.GrantLine> lines) {
    }

    record NewWelfareSchedule(@Nullable String id, @Nullable Integer dayOfMonth, @Nullable Long points, @Nullable String audience,
                              @Nullable String reason) {
    }

    record DealerTargets(@Nullable String period, @Nullable List<B2bPrograms.Rate> rates, @Nullable List<B2bPrograms.DealerSales> dealers) {
    }

    private final Budgets budgets;
    private final B2bPrograms programs;
    private final WelfareSchedules welfare;
    private final WelfareJobs welfareJobs;

    B2bController(Budgets budgets, B2bPrograms programs, WelfareSchedules welfare, WelfareJobs welfareJobs) {
        this.budgets = budgets;
        this.programs = programs;
        this.welfare = welfare;
        this.welfareJobs = welfareJobs;
    }

    /** The platform operator grants the monthly welfare due now (the job also runs hourly; each month is granted once). */
    @PostMapping("/api/v1/operator/welfare-grants/runs")
    TenantJobs.Run grantWelfare() {
        return welfareJobs.grantWelfare(Instant.now());
    }

    /** Monthly welfare from the budget: every active member of the audience (EMPLOYEE by default) gets the points on that day. */
    @PostMapping("/api/v1/earning/budgets/{code}/welfare-schedules")
    @ResponseStatus(HttpStatus.CREATED)
    WelfareSchedules.Schedule createWelfare(@PathVariable String code, @RequestBody NewWelfareSchedule body) {
        return welfare.create(code, body.id(), body.dayOfMonth(), body.points(), body.audience(), body.reason());
    }

    /** The budget's welfare schedules, each with its last twelve months' runs. */
    @GetMapping("/api/v1/earning/budgets/{code}/welfare-schedules")
    List<WelfareSchedules.Schedule> welfareSchedules(@PathVariable String code) {
        return welfare.list(code);
    }

    /** Stops a welfare schedule. */
    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/earning/budgets/{code}/welfare-schedules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void stopWelfare(@PathVariable String code, @PathVariable String id) {
        welfare.stop(code, id);
    }

    /** A period's sales per dealer and the tiered rates; each dealer earns the points of the highest rate reached. */
    @PostMapping("/api/v1/earning/dealer-targets")
    @ResponseStatus(HttpStatus.CREATED)
    List<B2bPrograms.DealerResult> dealerTargets(@RequestBody DealerTargets body, @AuthenticationPrincipal Jwt caller) {
        return programs.awardTargets(body.period(), body.rates(), body.dealers(), Actors.of(caller));
    }

    /** 销售达人榜: the sales guides who earned most in a month ("2026-11"; this month in the tenant's time zone by default). */
    @GetMapping("/api/v1/earning/leaderboards/sales-guides")
    List<B2bPrograms.Ranked> leaderboard(@RequestParam(required = false) @Nullable String month, @RequestParam(defaultValue = "20") int size) {
        java.time.YearMonth yearMonth;
        try {
            yearMonth = month == null ? programs.thisMonth() : java.time.YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw DomainException.invalidField("month", "a month as yyyy-MM");
        }
        if (size < 1 || size > 100) {
            throw DomainException.invalidField("size", "1 to 100");
        }
        return programs.guideLeaderboard(yearMonth, size);
    }

    @PostMapping("/api/v1/earning/budgets")
    @ResponseStatus(HttpStatus.CREATED)
    Budgets.Budget create(@RequestBody NewBudget body) {
        return budgets.create(body.code(), body.name());
    }

    /** The budgets by code, {@code size} a page; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/earning/budgets")
    CursorPage<Budgets.Budget> list(@RequestParam(required = false) String after,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return CursorPage.of(budgets.list(CursorPage.key(after), size + 1), size, Budgets.Budget::code);
    }

    @PostMapping("/api/v1/earning/budgets/{code}/fundings")
    @ResponseStatus(HttpStatus.CREATED)
    Budgets.Movement fund(@PathVariable String code, @RequestBody Funding body, @AuthenticationPrincipal Jwt caller) {
        return budgets.fund(code, body.id(), body.points() == null ? 0 : body.points(), body.reason(), Actors.of(caller));
    }

    @PostMapping(path = "/api/v1/earning/budgets/{code}/grants", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Budgets.Movement grant(@PathVariable String code, @RequestBody Grant body, @AuthenticationPrincipal Jwt caller) {
        return budgets.grant(code, body.id(), body.lines(), body.reason(), Actors.of(caller));
    }

    /** A grant as a CSV file ({@code external_id,points}, UTF-8, header line); id and reason as query parameters. */
    @PostMapping(path = "/api/v1/earning/budgets/{code}/grants", consumes = "text/csv")
    @ResponseStatus(HttpStatus.CREATED)
    Budgets.Movement grantCsv(@PathVariable String code, @RequestParam String id, @RequestParam String reason, @RequestBody String csv,
                              @AuthenticationPrincipal Jwt caller) {
        return budgets.grant(code, id, GrantFile.lines(csv), reason, Actors.of(caller));
    }
}
