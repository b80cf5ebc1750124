package io.jifen.hub;

import org.jspecify.annotations.Nullable;

/**
 * Where an order goes, decrypted: a recipient for goods, an account for a top-up, neither for codes. Personal data: show
 * it to the order's owner only, never log it.
 */
public record OrderDelivery(@Nullable Recipient recipient, @Nullable String account) {
}
