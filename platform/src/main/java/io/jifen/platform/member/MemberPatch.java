package io.jifen.platform.member;

import java.time.LocalDate;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/** Changes to a member; a field left out (or null) keeps its value. */
public record MemberPatch(
        @Nullable Audience audience,
        @Nullable MemberStatus status,
        @Nullable @Size(max = 64) String displayName,
        @Nullable @Pattern(regexp = "\\+?[0-9][0-9 -]{4,19}", message = "a phone number of 5 to 20 digits") String mobile,
        @Nullable @Email @Size(max = 254) String email,
        @Nullable @Past LocalDate birthday,
        @Nullable @Size(max = 64) String region) {

    MemberProfile applyTo(MemberProfile current) {
        return new MemberProfile(
                displayName != null ? displayName : current.displayName(),
                mobile != null ? mobile : current.mobile(),
                email != null ? email : current.email(),
                birthday != null ? birthday : current.birthday(),
                region != null ? region : current.region());
    }
}
