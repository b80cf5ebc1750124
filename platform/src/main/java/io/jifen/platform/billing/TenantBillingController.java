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
import io.jifen.billing.Dunning;
import io.jifen.billing.Invoice;
import io.jifen.billing.InvoiceCollection;
import io.jifen.billing.InvoiceCollections;
import io.jifen.billing.Invoices;
import io.jifen.billing.Plan;
import io.jifen.billing.Plans;
import io.jifen.billing.Standing;
import io.jifen.billing.Subscription;
import io.jifen.billing.Subscriptions;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;

/** The tenant admin's billing: the plan the tenant is on, its invoices, their PDFs and payment (the hosted page), its standing. */
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
    private final InvoiceCollections collections;
    private final Dunning dunning;

    TenantBillingController(Subscriptions subscriptions, Plans plans, Invoices invoices, BillingProperties properties, Clock clock,
                            InvoiceCollections collections, Dunning dunning) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.invoices = invoices;
        this.properties = properties;
        this.clock = clock;
        this.collections = collections;
        this.dunning = dunning;
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

    /** How the invoice is being paid: its hosted page at Stripe (to pay it), the status and the amounts paid and refunded. */
    @GetMapping("/invoices/{invoiceId}/payment")
    InvoiceCollection payment(@PathVariable UUID invoiceId) {
        return collections.find(TenantContext.require(), invoiceId).orElseThrow(() -> DomainException.notFound("Payment of invoice " + invoiceId));
    }

    /** The tenant's standing: whether its mall is paused for overdue invoices, whether dunning suspended it. */
    @GetMapping("/standing")
    Standing standing() {
        return dunning.standing(TenantContext.require());
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
