package io.jifen.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A deployment's keys as configured (all base64), turned into a {@link KeyRing} and a {@link BlindIndex} with
 * messages that name the property to fix, e.g. {@code jifen.crypto.keys.k1}.
 *
 * @param algorithm  what new values are sealed with; SM4_GCM if null
 * @param currentKey the id of the key new values are sealed with
 * @param keys       data keys by id (16 bytes for SM4, 32 for AES-256); old ones stay until nothing names them
 * @param indexKey   the blind index key (32 bytes or more), separate from every data key
 */
public record CryptoSettings(@Nullable Algorithm algorithm, @Nullable String currentKey, @Nullable Map<String, String> keys,
                             @Nullable String indexKey) {

    /** The key ring, or a {@link CryptoException} that says which property under {@code prefix} is missing or wrong. */
    public KeyRing keyRing(String prefix) {
        if (currentKey == null || currentKey.isBlank()) {
            throw new CryptoException(prefix + ".current-key is not set: personal data is encrypted at rest and needs keys. Set "
                    + prefix + ".current-key and " + prefix + ".keys.<id> (base64, 16 bytes for SM4_GCM, 32 for AES_GCM), e.g. "
                    + "JIFEN_CRYPTO_CURRENT_KEY and JIFEN_CRYPTO_KEYS_<ID>; see docs/architecture.md, Cryptography");
        }
        if (keys == null || keys.isEmpty()) {
            throw new CryptoException(prefix + ".keys is empty: list the data keys by id (base64), e.g. JIFEN_CRYPTO_KEYS_"
                    + currentKey.toUpperCase(java.util.Locale.ROOT) + "=<base64>");
        }
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        keys.forEach((id, value) -> decoded.put(id, decode(prefix + ".keys." + id, value)));
        Algorithm chosen = algorithm == null ? Algorithm.SM4_GCM : algorithm;
        try {
            return new KeyRing(chosen, currentKey.strip(), decoded);
        } catch (CryptoException e) {
            throw new CryptoException(prefix + ": " + e.getMessage(), e);
        }
    }

    public FieldCipher fieldCipher(String prefix) {
        return new FieldCipher(keyRing(prefix));
    }

    public BlindIndex blindIndex(String prefix) {
        if (indexKey == null || indexKey.isBlank()) {
            throw new CryptoException(prefix + ".index-key is not set: lookups on encrypted values need a blind index key "
                    + "(base64, 32 bytes, not one of the data keys), e.g. JIFEN_CRYPTO_INDEX_KEY");
        }
        byte[] key = decode(prefix + ".index-key", indexKey);
        if (keys != null && keys.values().stream().anyMatch(k -> k.strip().equals(indexKey.strip()))) {
            throw new CryptoException(prefix + ".index-key must not be one of the data keys");
        }
        try {
            return new BlindIndex(key);
        } catch (CryptoException e) {
            throw new CryptoException(prefix + ".index-key: " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String property, String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new CryptoException(property + " is not base64", e);
        }
    }
}
