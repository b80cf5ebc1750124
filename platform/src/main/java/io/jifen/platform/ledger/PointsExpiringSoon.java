package io.jifen.platform.ledger;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Published once per member, point type and expiry date when points come within the point type's reminder window.
 * The notification feature turns it into a message; the durable record is the ledger_expiry_reminder row.
 */
public record PointsExpiringSoon(UUID tenantId, UUID memberId, String pointType, long points, LocalDate expiresOn) {
}
