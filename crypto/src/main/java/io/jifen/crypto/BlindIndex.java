package io.jifen.crypto;

/**
 * Keyed blind index for equality lookups on sealed values: HMAC-SM3 under a key of its own (never a data key) of the
 * length-prefixed parts, e.g. {@code of("platform.member.mobile", tenantId, normalizedMobile)}. Equal inputs give equal
 * indexes, so a column of them can be searched and made unique; without the key they reveal only which rows share a
 * value. Normalize values (case, spaces) before indexing, or equal values index differently.
 */
public final class BlindIndex {

    private final HmacSm3 hmac;

    public BlindIndex(byte[] key) {
        if (key.length < 32) {
            throw new CryptoException("the blind index key must have at least 32 bytes, not " + key.length);
        }
        this.hmac = new HmacSm3(key);
    }

    /** 32 bytes. */
    public byte[] of(Object... parts) {
        return hmac.mac(Aad.of(parts).bytes());
    }
}
