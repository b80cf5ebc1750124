package io.jifen.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's invoice for a month, with the month's statement. DRAFT until its grace period ends, then FINALIZED and never
 * changed again. Amounts in fen; {@code totalFen} = {@code subtotalFen} + {@code taxFen}.
 */
public record Invoice(UUID id, UUID tenantId, String number, YearMonth period, Status status, String currency, long subtotalFen, long taxFen,
                      long totalFen, MonthStatement statement, Instant issuedAt, Instant finalizeAfter, @Nullable Instant finalizedAt,
                      List<Line> lines) {

    public enum Status { DRAFT, FINALIZED }

    /**
     * A line: its kind (BASE_FEE, OVERAGE, SERVICE_FEE, GOODS_COST, GOODS_MARGIN, NOTIFICATIONS), whether it is an
     * adjustment (usage of an earlier month that arrived after that month was invoiced), the quantity it counts (days,
     * members, fen of value, notifications), its amount and its tax.
     */
    public record Line(int lineNo, String kind, boolean adjustment, String description, long quantity, long amountFen, long taxFen) {
    }
}
