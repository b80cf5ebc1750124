package io.jifen.platform.address;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One address of a member's book, opened; {@code isDefault}: the one the checkout offers first. */
public record Address(UUID id, String recipient, String phone, String province, String city, String district, String line,
                      @Nullable String postalCode, boolean isDefault, Instant createdAt, Instant updatedAt) {

    /** The address as one line, the way it is written on a parcel in China: region from the largest part, then the street. */
    public String fullAddress() {
        return AddressInput.join(province, city, district, line);
    }
}
