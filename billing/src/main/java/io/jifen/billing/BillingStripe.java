package io.jifen.billing;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Billing's port to Stripe, which collects finalized invoices. Every call that creates something carries an idempotency
 * key derived from billing's own ids, so that a retry after a crash or a lost answer gets Stripe's first answer instead of
 * a second customer, item or invoice. {@link StripeClientBilling} is the implementation on stripe-java; the embedding
 * application makes it with its Stripe account's client.
 */
public interface BillingStripe {

    /** Creates the tenant's Stripe customer (once: the key is the tenant's id); answers its id ({@code cus_...}). */
    String createCustomer(UUID tenant, String name);

    /**
     * Creates the invoice's Stripe invoice as a draft of the customer's, collected automatically (once: the key is the
     * invoice's id); answers its id ({@code in_...}).
     */
    String createDraft(String customerId, Invoice invoice);

    /**
     * Puts the invoice's lines (each line's amount, and its tax as an item of its own) on the Stripe draft, skipping
     * those already there, and finalizes it, so that Stripe collects it; a Stripe invoice finalized already is answered as
     * it is.
     */
    StripeInvoice finalizeAndCollect(String stripeInvoiceId, String customerId, Invoice invoice);

    /** The Stripe invoice as Stripe has it now. */
    StripeInvoice retrieve(String stripeInvoiceId);

    /** The customer a payment intent charged (null: none, not an invoice's payment). */
    @Nullable String customerOfPaymentIntent(String paymentIntentId);

    /** Tells Stripe the invoice was paid outside it (a bank transfer), so that it stops collecting; a paid one is answered as it is. */
    StripeInvoice markPaidOutOfBand(String stripeInvoiceId, UUID invoiceId);
}
