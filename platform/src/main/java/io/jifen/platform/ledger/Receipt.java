package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * A posted ledger transaction as its caller sees it. A replay of the same request (same idempotency key and body)
 * answers the same receipt. {@code counterparty}: the other member of a transfer. {@code balanceAfter}: the wallet
 * balance of {@code memberId} after the transaction.
 */
public record Receipt(UUID transactionId, String kind, UUID memberId, String pointType, long points, long balanceAfter,
                      String source, String reason, UUID reverses, UUID counterparty, Instant createdAt) {
}
