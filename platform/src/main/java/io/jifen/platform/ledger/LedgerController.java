package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.web.CursorPage;

/** Postings and balances over HTTP. Every posting needs an {@code Idempotency-Key} header, unique in the tenant. */
@RestController
class LedgerController {

    static final long MAX_POINTS = 1_000_000_000L;

    record EarnBody(@Nullable @Size(min = 1, max = 32) String pointType,
                    @NotNull @Min(1) @Max(MAX_POINTS) Long points,
                    @Nullable @Size(max = 64) String source,
                    @Nullable @Size(max = 200) String reason,
                    @Nullable @jakarta.validation.constraints.Future Instant expiresAt) {
    }

    record SpendBody(@Nullable @Size(min = 1, max = 32) String pointType,
                     @NotNull @Min(1) @Max(MAX_POINTS) Long points,
                     @Nullable @Size(max = 64) String source,
                     @Nullable @Size(max = 200) String reason) {
    }

    record AdjustBody(@Nullable @Size(min = 1, max = 32) String pointType,
                      @NotNull @Min(-MAX_POINTS) @Max(MAX_POINTS) Long points,
                      @jakarta.validation.constraints.NotBlank @Size(max = 200) String reason) {
    }

    record HoldBody(@Nullable @Size(min = 1, max = 32) String pointType,
                    @NotNull @Min(1) @Max(MAX_POINTS) Long points,
                    @Nullable @Min(10) @Max(86_400) Integer ttlSeconds,
                    @Nullable @Size(max = 64) String source,
                    @Nullable @Size(max = 200) String reason) {
    }

    record TransferBody(@Nullable @Size(min = 1, max = 32) String pointType,
                        @NotNull UUID toMemberId,
                        @NotNull @Min(1) @Max(MAX_POINTS) Long points,
                        @Nullable @Size(max = 200) String reason) {
    }

    record ClawbackBody(@NotNull @Min(1) @Max(MAX_POINTS) Long points, @Nullable @Size(max = 200) String reason) {
    }

    record RefundBody(@Nullable @Min(1) @Max(MAX_POINTS) Long points, @Nullable @Size(max = 200) String reason) {
    }

    private final Ledger ledger;
    private final LedgerQueries queries;
    private final LedgerReconciliation reconciliation;

    LedgerController(Ledger ledger, LedgerQueries queries, LedgerReconciliation reconciliation) {
        this.ledger = ledger;
        this.queries = queries;
        this.reconciliation = reconciliation;
    }

    /** Checks the tenant's ledger invariants now. */
    @GetMapping("/api/v1/points/reconciliation")
    LedgerReconciliation.Report reconcile() {
        return reconciliation.check();
    }

    /** What the nightly reconciliation found, newest first (at most 30 reports). */
    @GetMapping("/api/v1/points/reconciliation/reports")
    List<LedgerReconciliation.Report> reconciliationReports() {
        return reconciliation.recentReports(30);
    }

    @PostMapping("/api/v1/members/{memberId}/points/earn")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt earn(@PathVariable UUID memberId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                 @Valid @RequestBody EarnBody body, @AuthenticationPrincipal Jwt caller) {
        return ledger.earn(key, new Ledger.Earn(memberId, pointType(body.pointType()), body.points(), body.source(), body.reason(),
                body.expiresAt(), Actors.of(caller)));
    }

    @PostMapping("/api/v1/members/{memberId}/points/spend")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt spend(@PathVariable UUID memberId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                  @Valid @RequestBody SpendBody body, @AuthenticationPrincipal Jwt caller) {
        return ledger.spend(key, new Ledger.Spend(memberId, pointType(body.pointType()), body.points(), body.source(), body.reason(),
                Actors.of(caller)));
    }

    /** A tenant admin's correction of a member's points, positive or negative, with a mandatory reason. */
    @PostMapping("/api/v1/members/{memberId}/points/adjustments")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt adjust(@PathVariable UUID memberId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                   @Valid @RequestBody AdjustBody body, @AuthenticationPrincipal Jwt caller) {
        return ledger.adjust(key, new Ledger.Adjust(memberId, pointType(body.pointType()), body.points(), body.reason(), Actors.of(caller)));
    }

    /** 积分转赠 to another member of the tenant, within the point type's daily limit. */
    @PostMapping("/api/v1/members/{memberId}/points/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt transfer(@PathVariable UUID memberId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                     @Valid @RequestBody TransferBody body, @AuthenticationPrincipal Jwt caller) {
        return ledger.transfer(key, new Ledger.Transfer(memberId, body.toMemberId(), pointType(body.pointType()), body.points(),
                body.reason(), Actors.of(caller)));
    }

    /** Reserves points during checkout (default 15 minutes); then capture or release the hold. */
    @PostMapping("/api/v1/members/{memberId}/points/holds")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt hold(@PathVariable UUID memberId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                 @Valid @RequestBody HoldBody body, @AuthenticationPrincipal Jwt caller) {
        var ttl = java.time.Duration.ofSeconds(body.ttlSeconds() == null ? 900 : body.ttlSeconds());
        return ledger.hold(key, new Ledger.Hold(memberId, pointType(body.pointType()), body.points(), ttl, body.source(), body.reason(),
                Actors.of(caller)));
    }

    @PostMapping("/api/v1/points/holds/{holdId}/capture")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt capture(@PathVariable UUID holdId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                    @AuthenticationPrincipal Jwt caller) {
        return ledger.capture(key, holdId, Actors.of(caller));
    }

    @PostMapping("/api/v1/points/holds/{holdId}/release")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt release(@PathVariable UUID holdId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                    @AuthenticationPrincipal Jwt caller) {
        return ledger.release(key, holdId, Actors.of(caller));
    }

    /** The order behind an earn was refunded (in full or in part): take back its points, per the clawback policy. */
    @PostMapping("/api/v1/points/transactions/{transactionId}/clawback")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt clawback(@PathVariable UUID transactionId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                     @Valid @RequestBody ClawbackBody body, @AuthenticationPrincipal Jwt caller) {
        return ledger.clawback(key, new Ledger.Clawback(transactionId, body.points(), body.reason(), Actors.of(caller)));
    }

    @PostMapping("/api/v1/points/transactions/{transactionId}/refund")
    @ResponseStatus(HttpStatus.CREATED)
    Receipt refund(@PathVariable UUID transactionId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                   @Valid @RequestBody RefundBody body, @AuthenticationPrincipal Jwt caller) {
        return ledger.refund(key, new Ledger.Refund(transactionId, body.points(), body.reason(), Actors.of(caller)));
    }

    @GetMapping("/api/v1/points/transactions/{transactionId}")
    Receipt transaction(@PathVariable UUID transactionId) {
        return ledger.readOnlyReceipt(transactionId);
    }

    @GetMapping("/api/v1/members/{memberId}/points/balance")
    LedgerQueries.Balance balance(@PathVariable UUID memberId, @RequestParam(required = false) String pointType) {
        return queries.balance(memberId, pointType(pointType));
    }

    /** The statement (明细), newest first; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/members/{memberId}/points/statement")
    CursorPage<Receipt> statement(@PathVariable UUID memberId, @RequestParam(required = false) String pointType,
                                  @RequestParam(required = false) String after,
                                  @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return queries.statement(memberId, pointType(pointType), after, size);
    }

    /** The lots in the order they are spent; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/members/{memberId}/points/lots")
    CursorPage<LedgerQueries.Lot> lots(@PathVariable UUID memberId, @RequestParam(required = false) String pointType,
                                       @RequestParam(defaultValue = "true") boolean openOnly,
                                       @RequestParam(required = false) String after,
                                       @RequestParam(defaultValue = "100") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return queries.lots(memberId, pointType(pointType), openOnly, after, size);
    }

    private static String pointType(String requested) {
        return Objects.requireNonNullElse(requested, PointTypeCatalog.DEFAULT_CODE);
    }
}
