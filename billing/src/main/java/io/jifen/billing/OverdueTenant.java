package io.jifen.billing;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant with unpaid invoices past their due date: how many and how much, the oldest due date and its days overdue,
 * the last dunning step taken, and its standing.
 */
public record OverdueTenant(UUID tenantId, int unpaidInvoices, long unpaidFen, LocalDate oldestDueOn, int daysOverdue,
                            @Nullable DunningStep lastStep, Standing standing) {
}
