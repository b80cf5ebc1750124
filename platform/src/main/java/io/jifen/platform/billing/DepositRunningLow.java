package io.jifen.platform.billing;

import java.util.UUID;

/** A hub order's charge took the tenant's prepaid deposit below its low-balance threshold (billing's alert {@code alertId}). */
record DepositRunningLow(UUID tenantId, long alertId, long balanceFen, long thresholdFen) {
}
