package io.jifen.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tenants' invoices: reading them, finalizing drafts, crediting finalized ones, printing them. */
public interface Invoices {

    /** The tenant's invoices, newest month first, with their lines. */
    List<Invoice> of(UUID tenant);

    Optional<Invoice> find(UUID tenant, UUID invoiceId);

    /** Finalizes a draft now (before its grace period ends); a finalized invoice is answered as it is. */
    Invoice finalizeNow(UUID tenant, UUID invoiceId);

    /** Finalizes every tenant's drafts whose grace period ended by {@code now}; answers how many. */
    int finalizeDue(Instant now);

    /**
     * Credits part or all of a finalized invoice (a draft is corrected by the next run or an adjustment instead); the
     * credits of an invoice never exceed its subtotal.
     */
    CreditNote credit(UUID tenant, UUID invoiceId, long amountFen, String reason);

    List<CreditNote> creditNotes(UUID tenant, UUID invoiceId);

    /** The invoice as a PDF (A4, Chinese and English). */
    byte[] pdf(UUID tenant, UUID invoiceId);
}
