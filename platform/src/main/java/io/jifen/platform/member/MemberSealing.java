package io.jifen.platform.member;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.jifen.crypto.Aad;
import io.jifen.crypto.BlindIndex;
import io.jifen.crypto.FieldCipher;

/**
 * How a member's personal data is kept: name, mobile, e-mail and birthday sealed (jifen-crypto), each bound to its
 * tenant, member and column; mobile, e-mail and the birthday's month and day also as blind indexes, for lookups.
 * The one place these conventions live: the directory, the import and the migration (016) all go through it.
 */
@Component
class MemberSealing {

    /** The member's fields, as the API shows them, whose values are sealed at rest: never copied anywhere in clear (the audit log). */
    static final String[] SEALED_VIEW_FIELDS = {"displayName", "mobile", "email", "birthday"};

    /** A profile's stored form. */
    record Sealed(byte @Nullable [] displayName, byte @Nullable [] mobile, byte @Nullable [] mobileIndex, byte @Nullable [] email,
                  byte @Nullable [] emailIndex, byte @Nullable [] birthday, byte @Nullable [] birthdayIndex) {
    }

    private static final String TABLE = "platform.member";

    private final FieldCipher cipher;
    private final BlindIndex index;

    MemberSealing(FieldCipher cipher, BlindIndex index) {
        this.cipher = cipher;
        this.index = index;
    }

    Sealed seal(UUID tenant, UUID member, MemberProfile profile) {
        return new Sealed(
                cipher.sealText(profile.displayName(), aad(tenant, member, "display_name")),
                cipher.sealText(profile.mobile(), aad(tenant, member, "mobile")),
                profile.mobile() == null ? null : mobileIndex(tenant, profile.mobile()),
                cipher.sealText(profile.email(), aad(tenant, member, "email")),
                profile.email() == null ? null : emailIndex(tenant, profile.email()),
                cipher.sealText(profile.birthday() == null ? null : profile.birthday().toString(), aad(tenant, member, "birthday")),
                profile.birthday() == null ? null : birthdayIndex(tenant, MonthDay.from(profile.birthday())));
    }

    MemberProfile open(UUID tenant, UUID member, byte @Nullable [] displayName, byte @Nullable [] mobile, byte @Nullable [] email,
                       byte @Nullable [] birthday, @Nullable String region) {
        return new MemberProfile(
                cipher.openText(displayName, aad(tenant, member, "display_name")),
                cipher.openText(mobile, aad(tenant, member, "mobile")),
                cipher.openText(email, aad(tenant, member, "email")),
                birthday(tenant, member, birthday),
                region);
    }

    @Nullable String displayName(UUID tenant, UUID member, byte @Nullable [] displayName) {
        return cipher.openText(displayName, aad(tenant, member, "display_name"));
    }

    @Nullable LocalDate birthday(UUID tenant, UUID member, byte @Nullable [] birthday) {
        String text = cipher.openText(birthday, aad(tenant, member, "birthday"));
        return text == null ? null : LocalDate.parse(text);
    }

    /** Mobiles compare by their digits and a leading +: "138 0013-8000" finds "13800138000". */
    byte[] mobileIndex(UUID tenant, String mobile) {
        return index.of(TABLE + ".mobile", tenant, mobile.replaceAll("[\\s()-]", ""));
    }

    /** E-mail addresses compare without case and surrounding spaces. */
    byte[] emailIndex(UUID tenant, String email) {
        return index.of(TABLE + ".email", tenant, email.strip().toLowerCase(Locale.ROOT));
    }

    byte[] birthdayIndex(UUID tenant, MonthDay day) {
        return index.of(TABLE + ".birthday", tenant, day.toString());
    }

    private static Aad aad(UUID tenant, UUID member, String column) {
        return Aad.of(TABLE, tenant, member, column);
    }
}
