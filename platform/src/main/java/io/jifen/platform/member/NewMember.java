package io.jifen.platform.member;

import java.time.LocalDate;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/** A member to create, from the API or from one row of an import. */
public record NewMember(
        @NotNull @Pattern(regexp = "[\\p{L}\\p{N}._:@-]{1,64}", message = "1 to 64 letters, digits or . _ : @ -") String externalId,
        @NotNull Audience audience,
        @Nullable MemberStatus status,
        @Nullable @Size(max = 64) String displayName,
        @Nullable @Pattern(regexp = "\\+?[0-9][0-9 -]{4,19}", message = "a phone number of 5 to 20 digits") String mobile,
        @Nullable @Email @Size(max = 254) String email,
        @Nullable @Past LocalDate birthday,
        @Nullable @Size(max = 64) String region) {

    MemberProfile profile() {
        return new MemberProfile(displayName, mobile, email, birthday, region);
    }
}
