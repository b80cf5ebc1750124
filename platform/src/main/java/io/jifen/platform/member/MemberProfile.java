package io.jifen.platform.member;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** What the brand tells us about a member; every field is optional. */
public record MemberProfile(@Nullable String displayName, @Nullable String mobile, @Nullable String email,
                            @Nullable LocalDate birthday, @Nullable String region) {
}
