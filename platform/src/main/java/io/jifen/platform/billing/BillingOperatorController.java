package io.jifen.platform.billing;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.billing.BillingRuns;
import io.jifen.billing.CreditNote;
import io.jifen.billing.Invoice;
import io.jifen.billing.Invoices;
import io.jifen.billing.Plan;
import io.jifen.billing.PlanTerms;
import io.jifen.billing.Plans;
import io.jifen.billing.Subscription;
import io.jifen.billing.Subscriptions;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantRegistry;

import static io.jifen.platform.billing.BillingCalls.call;

/**
 * The platform operator bills tenants: plans (versioned), tenants' subscriptions, the monthly run, invoices (finalize
 * before the grace period ends, credit notes, PDF). Under /api/v1/operator, the operator's role only.
 */
@RestController
@RequestMapping("/api/v1/operator/billing")
class BillingOperatorController {

    record SubscribeRequest(@Nullable String planCode, @Nullable String startsOn, @Nullable String trialEndsOn) {
    }

    record RunRequest(@Nullable String period) {
    }

    record CreditRequest(@Nullable Long amountFen, @Nullable String reason) {
    }

    private final Plans plans;
    private final Subscriptions subscriptions;
    private final BillingRuns runs;
    private final Invoices invoices;
    private final TenantRegistry tenants;

    BillingOperatorController(Plans plans, Subscriptions subscriptions, BillingRuns runs, Invoices invoices, TenantRegistry tenants) {
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.runs = runs;
        this.invoices = invoices;
        this.tenants = tenants;
    }

    /** The latest version of every plan. */
    @GetMapping("/plans")
    List<Plan> plans() {
        return plans.latest();
    }

    /** Publishes a plan's next version (the first for a new code); without taxBp the configured default (6 % VAT). */
    @PostMapping("/plans")
    @ResponseStatus(HttpStatus.CREATED)
    Plan publish(@RequestBody PlanTerms terms) {
        return call(() -> plans.publish(terms));
    }

    @GetMapping("/plans/{planCode}/versions")
    List<Plan> versions(@PathVariable String planCode) {
        List<Plan> versions = plans.versions(planCode);
        if (versions.isEmpty()) {
            throw DomainException.notFound("Plan " + planCode);
        }
        return versions;
    }

    @GetMapping("/tenants/{tenantId}/subscriptions")
    List<Subscription> subscriptions(@PathVariable UUID tenantId) {
        return subscriptions.of(known(tenantId));
    }

    /** Puts the tenant on a plan's latest version from a day (a change of plan mid-month is prorated by day). */
    @PostMapping("/tenants/{tenantId}/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    Subscription subscribe(@PathVariable UUID tenantId, @RequestBody SubscribeRequest request) {
        UUID tenant = known(tenantId);
        LocalDate startsOn = day("startsOn", request.startsOn());
        if (startsOn == null) {
            throw DomainException.invalidField("startsOn", "a day, yyyy-MM-dd");
        }
        LocalDate trialEndsOn = day("trialEndsOn", request.trialEndsOn());
        return call(() -> subscriptions.subscribe(tenant, request.planCode(), startsOn, trialEndsOn));
    }

    /** Runs (or restarts after a failure) the month's invoicing of every subscribed tenant. */
    @PostMapping("/runs")
    BillingRuns.Run run(@RequestBody RunRequest request) {
        YearMonth period = month(request.period());
        return call(() -> runs.run(period));
    }

    /** Marks the month's run failed after the process running it died, so that running the month restarts it. */
    @PostMapping("/runs/recovery")
    BillingRuns.Run recover(@RequestBody RunRequest request) {
        YearMonth period = month(request.period());
        return call(() -> runs.recover(period));
    }

    @GetMapping("/runs")
    List<BillingRuns.Run> runs(@RequestParam String period) {
        return runs.runs(month(period));
    }

    @GetMapping("/tenants/{tenantId}/invoices")
    List<Invoice> invoices(@PathVariable UUID tenantId) {
        return invoices.of(known(tenantId));
    }

    @GetMapping("/tenants/{tenantId}/invoices/{invoiceId}")
    Invoice invoice(@PathVariable UUID tenantId, @PathVariable UUID invoiceId) {
        return invoices.find(known(tenantId), invoiceId).orElseThrow(() -> DomainException.notFound("Invoice " + invoiceId));
    }

    /** Finalizes a draft before its grace period ends; it cannot change afterwards. */
    @PostMapping("/tenants/{tenantId}/invoices/{invoiceId}/finalization")
    Invoice finalizeNow(@PathVariable UUID tenantId, @PathVariable UUID invoiceId) {
        UUID tenant = known(tenantId);
        return call(() -> invoices.finalizeNow(tenant, invoiceId));
    }

    @PostMapping("/tenants/{tenantId}/invoices/{invoiceId}/credit-notes")
    @ResponseStatus(HttpStatus.CREATED)
    CreditNote credit(@PathVariable UUID tenantId, @PathVariable UUID invoiceId, @RequestBody CreditRequest request) {
        UUID tenant = known(tenantId);
        if (request.amountFen() == null) {
            throw DomainException.invalidField("amountFen", "a positive amount of fen");
        }
        return call(() -> invoices.credit(tenant, invoiceId, request.amountFen(), request.reason()));
    }

    @GetMapping("/tenants/{tenantId}/invoices/{invoiceId}/credit-notes")
    List<CreditNote> creditNotes(@PathVariable UUID tenantId, @PathVariable UUID invoiceId) {
        UUID tenant = known(tenantId);
        return call(() -> invoices.creditNotes(tenant, invoiceId));
    }

    @GetMapping("/tenants/{tenantId}/invoices/{invoiceId}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable UUID tenantId, @PathVariable UUID invoiceId) {
        UUID tenant = known(tenantId);
        return TenantBillingController.pdfResponse(call(() -> invoices.find(tenant, invoiceId))
                .orElseThrow(() -> DomainException.notFound("Invoice " + invoiceId)), call(() -> invoices.pdf(tenant, invoiceId)));
    }

    private UUID known(UUID tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> DomainException.notFound("Tenant " + tenantId)).id();
    }

    private static @Nullable LocalDate day(String field, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainException.invalidField(field, "a day, yyyy-MM-dd");
        }
    }

    private static YearMonth month(@Nullable String value) {
        try {
            return YearMonth.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            throw DomainException.invalidField("period", "a month, yyyy-MM");
        }
    }

}
