package io.jifen.platform.billing;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.billing.Dunning;
import io.jifen.billing.InvoiceCollection;
import io.jifen.billing.InvoiceCollections;
import io.jifen.billing.OverdueTenant;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantRegistry;

import static io.jifen.platform.billing.BillingCalls.call;

/**
 * The operator's side of collection and dunning, under /api/v1/operator/billing: the overdue tenants, an invoice's
 * collection (Stripe's invoice, hosted page, amounts paid and refunded, dispute), and a payment by bank transfer.
 */
@RestController
@RequestMapping("/api/v1/operator/billing")
class CollectionOperatorController {

    record PaymentRequest(@Nullable String reference) {
    }

    private final InvoiceCollections collections;
    private final Dunning dunning;
    private final TenantRegistry tenants;

    CollectionOperatorController(InvoiceCollections collections, Dunning dunning, TenantRegistry tenants) {
        this.collections = collections;
        this.dunning = dunning;
        this.tenants = tenants;
    }

    /** Tenants with invoices unpaid past their due date, longest overdue first, with the last dunning step and their standing. */
    @GetMapping("/overdue-tenants")
    List<OverdueTenant> overdue() {
        return dunning.overdue();
    }

    @GetMapping("/tenants/{tenantId}/invoices/{invoiceId}/collection")
    InvoiceCollection collection(@PathVariable UUID tenantId, @PathVariable UUID invoiceId) {
        UUID tenant = known(tenantId);
        return collections.find(tenant, invoiceId).orElseThrow(() -> DomainException.notFound("Collection of invoice " + invoiceId));
    }

    /**
     * Records a payment by bank transfer (its reference): the invoice is paid, Stripe stops collecting it, and the tenant's
     * mall and dunning's suspension are restored at once.
     */
    @PostMapping("/tenants/{tenantId}/invoices/{invoiceId}/payment")
    InvoiceCollection markPaid(@PathVariable UUID tenantId, @PathVariable UUID invoiceId, @RequestBody PaymentRequest request) {
        UUID tenant = known(tenantId);
        return call(() -> collections.markPaid(tenant, invoiceId, request.reference()));
    }

    private UUID known(UUID tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> DomainException.notFound("Tenant " + tenantId)).id();
    }
}
