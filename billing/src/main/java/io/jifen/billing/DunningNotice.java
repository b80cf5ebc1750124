package io.jifen.billing;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A step of dunning taken about one unpaid invoice, for the tenant's admins: what is owed, since when, where to pay. */
public record DunningNotice(UUID tenantId, UUID invoiceId, String invoiceNumber, DunningStep step, long amountDueFen, LocalDate dueOn,
                            int daysOverdue, @Nullable String hostedInvoiceUrl) {
}
