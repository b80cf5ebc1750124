package io.jifen.platform.ledger;

import java.util.List;
import java.util.UUID;

/**
 * Published when the reconciliation job finds a tenant's ledger out of balance: someone must look before the books
 * are closed. The stored report ({@code reportId}) lists every violation found (up to 100 of each kind).
 */
public record LedgerOutOfBalance(UUID tenantId, UUID reportId, List<String> violations) {
}
