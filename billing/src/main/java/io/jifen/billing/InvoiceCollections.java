package io.jifen.billing;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.stripe.model.Event;

/** Collecting finalized invoices through Stripe, and the operator's record of a payment that came by bank transfer. */
public interface InvoiceCollections {

    /**
     * Pushes to Stripe the finalized invoices not there yet whose next attempt is due by {@code now} (the collection
     * schedule calls it); a failure leaves the invoice PENDING for a later attempt. Answers how many reached Stripe.
     */
    int pushDue(Instant now);

    /**
     * Applies one of Stripe's events (verified by the caller) about an invoice, its charge (refunds) or a dispute, once
     * per event id and in any order: the state applied is Stripe's invoice as retrieved, so a late failure never un-pays
     * an invoice. Answers false for an event that is not billing's (left alone).
     */
    boolean apply(Event event);

    Optional<InvoiceCollection> find(UUID tenant, UUID invoiceId);

    /**
     * The operator records a payment by bank transfer: the invoice is PAID (Stripe is told it was paid out of band) and
     * the tenant's standing is restored at once; a paid invoice is answered as it is.
     */
    InvoiceCollection markPaid(UUID tenant, UUID invoiceId, String reference);
}
