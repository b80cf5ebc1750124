package io.jifen.hub;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A settlement run with a supplier for a month: how its statement and our delivered orders came out against each
 * other (counts are null until the run completes), the totals in fen, and what the matched orders cost per tenant
 * (what feeds the platform's costs).
 */
public record Settlement(long id, String supplier, YearMonth month, Instant startedAt, @Nullable Instant completedAt,
                         @Nullable Integer matched, @Nullable Integer priceMismatches, @Nullable Integer stateMismatches,
                         @Nullable Integer duplicates, @Nullable Integer missingAtSupplier, @Nullable Integer missingAtHub,
                         @Nullable Long supplierTotalFen, @Nullable Long hubTotalFen, List<TenantCost> costs) {

    /** What one tenant's orders cost as billed by the supplier (matched and price-mismatched lines). */
    public record TenantCost(UUID tenantId, int orders, long costFen) {
    }

    /** One line of the outcome: an order billed, delivered, or both. */
    public record Item(String orderNo, @Nullable String supplierOrderId, @Nullable UUID tenantId, String outcome,
                       @Nullable Long hubTotalFen, @Nullable Long supplierTotalFen) {
    }
}
