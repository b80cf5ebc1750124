package io.jifen.platform.billing;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.Invoice;
import io.jifen.billing.Invoices;
import io.jifen.billing.Plan;
import io.jifen.billing.Plans;
import io.jifen.billing.Subscription;
import io.jifen.billing.Subscriptions;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;

/** The tenant admin's billing: the plan the tenant is on, its invoices and their PDFs. */
@RestController
@RequestMapping("/api/v1/tenant/billing")
class TenantBillingController {

    /** The subscription running today and its plan version; both null when the tenant is on none. */
    record CurrentPlan(@Nullable Subscription subscription, @Nullable Plan plan) {
    }

    private final Subscriptions subscriptions;
    private final Plans plans;
    private final Invoices invoices;
    private final BillingProperties properties;
    private final Clock clock;

    TenantBillingController(Subscriptions subscriptions, Plans plans, Invoices invoices, BillingProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.invoices = invoices;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/plan")
    CurrentPlan plan() {
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        return subscriptions.on(TenantContext.require(), today)
                .map(s -> new CurrentPlan(s, plans.find(s.planCode(), s.planVersion()).orElse(null)))
                .orElse(new CurrentPlan(null, null));
    }

    @GetMapping("/invoices")
    List<Invoice> invoices() {
        return invoices.of(TenantContext.require());
    }

    @GetMapping("/invoices/{invoiceId}")
    Invoice invoice(@PathVariable UUID invoiceId) {
        return invoices.find(TenantContext.require(), invoiceId).orElseThrow(() -> DomainException.notFound("Invoice " + invoiceId));
    }

    @GetMapping("/invoices/{invoiceId}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable UUID invoiceId) {
        Invoice invoice = invoice(invoiceId);
        return pdfResponse(invoice, invoices.pdf(TenantContext.require(), invoiceId));
    }

    static ResponseEntity<byte[]> pdfResponse(Invoice invoice, byte[] pdf) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(invoice.number() + ".pdf").build().toString())
                .body(pdf);
    }
}
