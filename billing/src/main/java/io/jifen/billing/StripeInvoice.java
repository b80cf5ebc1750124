package io.jifen.billing;

import org.jspecify.annotations.Nullable;

/**
 * A Stripe invoice as billing reads it: Stripe's status ({@code draft}, {@code open}, {@code paid}, {@code void},
 * {@code uncollectible}), the hosted page's address (once finalized), amounts in fen, and the payment intent that paid it.
 */
public record StripeInvoice(String id, String status, @Nullable String hostedInvoiceUrl, long amountDueFen, long amountPaidFen,
                            @Nullable String paymentIntentId) {
}
