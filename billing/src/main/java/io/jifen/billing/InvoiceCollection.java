package io.jifen.billing;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * How a finalized invoice is being collected: PENDING until it is at Stripe, then OPEN (Stripe collects it), PAID,
 * UNCOLLECTIBLE or VOID; the hosted invoice page the tenant pays on, the amounts paid and refunded, whether its charge
 * is disputed, the failed payment attempts Stripe reported, and who paid it (STRIPE, BANK_TRANSFER, NOTHING_DUE).
 */
public record InvoiceCollection(UUID tenantId, UUID invoiceId, Status status, long amountDueFen, long amountPaidFen, long amountRefundedFen,
                                boolean disputed, int paymentFailures, @Nullable String stripeInvoiceId, @Nullable String hostedInvoiceUrl,
                                @Nullable String paidBy, @Nullable Instant paidAt, Instant finalizedAt) {

    public enum Status { PENDING, OPEN, PAID, UNCOLLECTIBLE, VOID }

    public boolean unpaid() {
        return status == Status.PENDING || status == Status.OPEN;
    }
}
