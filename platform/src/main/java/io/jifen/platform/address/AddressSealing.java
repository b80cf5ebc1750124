package io.jifen.platform.address;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.jifen.crypto.Aad;
import io.jifen.crypto.FieldCipher;

/**
 * How an address is kept: every field but the default mark sealed with the field cipher, bound to its tenant, address
 * and column, so a value copied to another row or column does not open. The one place these conventions live.
 */
@Component
class AddressSealing {

    static final String TABLE = "platform.member_address";

    /** An address's stored form. */
    record Sealed(byte[] recipient, byte[] phone, byte[] province, byte[] city, byte[] district, byte[] line, byte @Nullable [] postalCode) {
    }

    private final FieldCipher cipher;

    AddressSealing(FieldCipher cipher) {
        this.cipher = cipher;
    }

    /** Seals a normalized input (every field but the postal code present). */
    Sealed seal(UUID tenant, UUID address, AddressInput input) {
        return new Sealed(seal(tenant, address, "recipient", input.recipient()), seal(tenant, address, "phone", input.phone()),
                seal(tenant, address, "province", input.province()), seal(tenant, address, "city", input.city()),
                seal(tenant, address, "district", input.district()), seal(tenant, address, "line", input.line()),
                cipher.sealText(input.postalCode(), aad(tenant, address, "postal_code")));
    }

    @Nullable String open(UUID tenant, UUID address, String column, byte @Nullable [] sealed) {
        return cipher.openText(sealed, aad(tenant, address, column));
    }

    private byte[] seal(UUID tenant, UUID address, String column, @Nullable String value) {
        if (value == null) {
            throw new IllegalArgumentException(column + " is required");
        }
        return cipher.sealText(value, aad(tenant, address, column));
    }

    private static Aad aad(UUID tenant, UUID address, String column) {
        return Aad.of(TABLE, tenant, address, column);
    }
}
