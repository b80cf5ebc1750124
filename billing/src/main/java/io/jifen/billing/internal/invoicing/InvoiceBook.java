package io.jifen.billing.internal.invoicing;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.CreditNote;
import io.jifen.billing.Invoice;
import io.jifen.billing.Invoices;
import io.jifen.billing.internal.rating.Money;
import io.jifen.billing.internal.tenancy.BillingTenants;
import io.jifen.billing.internal.tenancy.TenantScope;

@Service
class InvoiceBook implements Invoices {

    private final InvoiceStore store;
    private final TenantScope scope;
    private final BillingTenants tenants;
    private final InvoicePdf pdf;
    private final Clock clock;

    InvoiceBook(InvoiceStore store, TenantScope scope, BillingTenants tenants, InvoicePdf pdf, Clock clock) {
        this.store = store;
        this.scope = scope;
        this.tenants = tenants;
        this.pdf = pdf;
        this.clock = clock;
    }

    @Override
    public List<Invoice> of(UUID tenant) {
        return scope.call(tenant, () -> store.of(tenant));
    }

    @Override
    public Optional<Invoice> find(UUID tenant, UUID invoiceId) {
        return scope.call(tenant, () -> store.find(tenant, invoiceId));
    }

    @Override
    public Invoice finalizeNow(UUID tenant, UUID invoiceId) {
        return scope.call(tenant, () -> {
            store.lock(tenant, invoiceId).orElseThrow(() -> BillingRefused.notFound("Invoice " + invoiceId));
            store.finalizeDrafts(tenant, clock.instant(), Optional.of(invoiceId));
            return store.find(tenant, invoiceId).orElseThrow();
        });
    }

    @Override
    public int finalizeDue(Instant now) {
        int finalized = 0;
        // Tenant by tenant, each in its own transaction: one tenant's failure leaves the others finalized.
        for (UUID tenant : tenants.all()) {
            finalized += scope.call(tenant, () -> store.finalizeDrafts(tenant, now, Optional.empty()));
        }
        return finalized;
    }

    @Override
    public CreditNote credit(UUID tenant, UUID invoiceId, long amountFen, String reason) {
        if (amountFen <= 0) {
            throw BillingRefused.invalid("amountFen", "a positive amount of fen");
        }
        if (reason == null || reason.isBlank() || reason.length() > 300) {
            throw BillingRefused.invalid("reason", "1 to 300 characters");
        }
        return scope.call(tenant, () -> {
            Invoice invoice = store.lock(tenant, invoiceId).orElseThrow(() -> BillingRefused.notFound("Invoice " + invoiceId));
            if (invoice.status() != Invoice.Status.FINALIZED) {
                throw BillingRefused.conflict("invoice " + invoice.number() + " is a draft: it is credited once finalized");
            }
            long credited = store.creditNotes(tenant, invoiceId).stream().mapToLong(CreditNote::amountFen).sum();
            if (Math.addExact(credited, amountFen) > invoice.subtotalFen()) {
                throw BillingRefused.invalid("amountFen", "at most " + (invoice.subtotalFen() - credited) + " fen: the invoice's subtotal less its credits");
            }
            // The tax credited is the invoice's tax in proportion, rounded half up as every amount is.
            long tax = invoice.subtotalFen() == 0 ? 0 : Money.roundHalfUp(Math.multiplyExact(amountFen, invoice.taxFen()), invoice.subtotalFen());
            CreditNote note = new CreditNote(UUID.randomUUID(), tenant, invoice.number() + "-C" + (store.creditNotes(tenant, invoiceId).size() + 1),
                    invoiceId, amountFen, tax, reason.strip(), clock.instant().truncatedTo(ChronoUnit.MICROS));
            store.insert(note);
            return note;
        });
    }

    @Override
    public List<CreditNote> creditNotes(UUID tenant, UUID invoiceId) {
        return scope.call(tenant, () -> {
            store.find(tenant, invoiceId).orElseThrow(() -> BillingRefused.notFound("Invoice " + invoiceId));
            return store.creditNotes(tenant, invoiceId);
        });
    }

    @Override
    public byte[] pdf(UUID tenant, UUID invoiceId) {
        Invoice invoice = find(tenant, invoiceId).orElseThrow(() -> BillingRefused.notFound("Invoice " + invoiceId));
        return pdf.print(invoice);
    }
}
