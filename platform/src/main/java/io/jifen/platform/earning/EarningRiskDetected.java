package io.jifen.platform.earning;

import java.time.Instant;
import java.util.UUID;

/** An event the anti-abuse limits judged abuse: it earned nothing. Published when it is recorded. */
public record EarningRiskDetected(UUID tenantId, UUID memberId, String eventId, String type, String reason, Instant at) {
}
