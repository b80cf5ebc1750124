package io.jifen.platform.mall;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A zone of the mall (专区): which members may redeem its items. {@code newMemberDays} for NEW_MEMBERS (joined less than
 * that many days ago), {@code tierCodes} for TIERS, {@code segment} for SEGMENT; EMPLOYEES, DEALERS and GUIDES admit an
 * audience; FESTIVAL (积分复活节) admits every member while it is open, who pay with points that expired within the last
 * year. Any zone may have a window ({@code startsAt} inclusive, {@code endsAt} exclusive; a FESTIVAL zone must): an
 * INACTIVE zone, or one outside its window, admits nobody.
 */
public record Zone(UUID id, Kind kind, String title, Status status, @Nullable Integer newMemberDays, @Nullable List<String> tierCodes,
                   @Nullable String segment, @Nullable Instant startsAt, @Nullable Instant endsAt, int version, Instant createdAt,
                   Instant updatedAt) {

    public enum Kind { NEW_MEMBERS, EMPLOYEES, DEALERS, GUIDES, TIERS, SEGMENT, FESTIVAL }

    public enum Status { ACTIVE, INACTIVE }

    /** Active, and {@code at} is inside its window (if it has one). */
    public boolean openAt(Instant at) {
        return status == Status.ACTIVE && (startsAt == null || !at.isBefore(startsAt)) && (endsAt == null || at.isBefore(endsAt));
    }
}
