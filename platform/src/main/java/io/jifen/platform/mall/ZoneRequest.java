package io.jifen.platform.mall;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * A zone as an admin writes it (create and update alike); each kind takes its own field and no other kind's
 * ({@link MallZones} says which, naming the field). {@code version}, required on an update, is the version the writer
 * read: another one is a 409.
 */
public record ZoneRequest(
        @NotNull Zone.Kind kind,
        @NotBlank @Size(max = 100) String title,
        Zone.@Nullable Status status,
        @Nullable @Min(1) @Max(MAX_NEW_MEMBER_DAYS) Integer newMemberDays,
        @Nullable @Size(min = 1, max = 20) List<@NotBlank @Size(max = 32) String> tierCodes,
        @Nullable @Size(min = 1, max = 32) String segment,
        @Nullable Instant startsAt,
        @Nullable Instant endsAt,
        @Nullable Integer version) {

    /** Ten years: "new" longer than that means nothing. */
    public static final int MAX_NEW_MEMBER_DAYS = 3_650;
}
