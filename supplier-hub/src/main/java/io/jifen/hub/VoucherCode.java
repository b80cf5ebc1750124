package io.jifen.hub;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** An e-voucher code, decrypted for the member who owns it. */
public record VoucherCode(String code, @Nullable String password, @Nullable LocalDate expiresOn) {
}
