package io.jifen.platform.earning;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.rules.EarningEvent;

/** A valid event of a call with its member, its time in the tenant's zone and its fingerprint; {@code index} is its place in the call. */
record Prepared(int index, EarningEvent event, Prepared.MemberInfo member, ZonedDateTime at, String fingerprint) {

    /** What rules need of a member from the member table. */
    record MemberInfo(java.util.UUID id, String audience, @Nullable LocalDate birthday) {
    }

    String eventId() {
        return event.eventId();
    }

    UUID memberId() {
        return member.id();
    }
}
