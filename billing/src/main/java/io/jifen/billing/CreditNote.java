package io.jifen.billing;

import java.time.Instant;
import java.util.UUID;

/** A correction of a finalized invoice: an amount (and its tax) credited to the tenant, with the reason. */
public record CreditNote(UUID id, UUID tenantId, String number, UUID invoiceId, long amountFen, long taxFen, String reason, Instant createdAt) {
}
