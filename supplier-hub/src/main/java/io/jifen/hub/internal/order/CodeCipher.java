package io.jifen.hub.internal.order;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.crypto.Aad;
import io.jifen.crypto.Algorithm;
import io.jifen.crypto.CryptoException;
import io.jifen.crypto.Envelope;
import io.jifen.crypto.FieldCipher;
import io.jifen.crypto.Gcm;
import io.jifen.hub.HubProperties;

/**
 * Encrypts e-voucher codes at rest with the application's key service (jifen-crypto: SM4-GCM by default, a fresh nonce
 * per value, the tenant, order number and position as authenticated data). The stored key id tells the two forms
 * apart: {@code jifen-crypto:<key>} for a self-describing jifen-crypto envelope; any other id names one of the hub's
 * older AES-256-GCM keys ({@code jifen.hub.codes.keys}), whose codes (a 12-byte nonce, then the ciphertext, with
 * {@code <order>#<position>} as authenticated data) stay readable while that key is listed.
 */
@Component
class CodeCipher {

    /** A value encrypted under a key. */
    record Sealed(String keyId, byte[] bytes) {
    }

    static final String ENVELOPE = "jifen-crypto:";

    private final FieldCipher cipher;
    private final Map<String, byte[]> legacyKeys = new TreeMap<>();

    CodeCipher(FieldCipher cipher, HubProperties properties) {
        this.cipher = cipher;
        var codes = properties.codes();
        if (codes.keys() != null) {
            codes.keys().forEach((id, base64) -> {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(base64.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("jifen.hub.codes.keys." + id + " is not base64", e);
                }
                if (key.length != 32) {
                    throw new IllegalStateException("jifen.hub.codes.keys." + id + " must be 32 bytes (AES-256), not " + key.length);
                }
                legacyKeys.put(id, key);
            });
        }
    }

    Sealed seal(String plain, UUID tenant, String orderNo, int position) {
        byte[] sealed = cipher.sealText(plain, aad(tenant, orderNo, position));
        return new Sealed(ENVELOPE + Envelope.parse(sealed).keyId(), sealed);
    }

    String open(Sealed sealed, UUID tenant, String orderNo, int position) {
        try {
            if (sealed.keyId().startsWith(ENVELOPE)) {
                return cipher.openText(sealed.bytes(), aad(tenant, orderNo, position));
            }
            return openLegacy(sealed, orderNo, position);
        } catch (CryptoException e) {
            throw new IllegalStateException("voucher code of order " + orderNo + " does not decrypt: " + e.getMessage(), e);
        }
    }

    private String openLegacy(Sealed sealed, String orderNo, int position) {
        byte[] key = legacyKeys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("voucher code of order " + orderNo + " is encrypted with key " + sealed.keyId()
                    + ", which is not configured (jifen.hub.codes.keys)");
        }
        byte[] bytes = sealed.bytes();
        if (bytes.length < Gcm.NONCE_BYTES + Gcm.TAG_BYTES) {
            throw new CryptoException("stored code is truncated");
        }
        byte[] nonce = Arrays.copyOf(bytes, Gcm.NONCE_BYTES);
        byte[] aad = (orderNo + "#" + position).getBytes(StandardCharsets.UTF_8);
        return new String(Gcm.decrypt(Algorithm.AES_GCM, key, nonce, aad, bytes, Gcm.NONCE_BYTES, bytes.length - Gcm.NONCE_BYTES),
                StandardCharsets.UTF_8);
    }

    private static Aad aad(UUID tenant, String orderNo, int position) {
        return Aad.of("supplier_hub.voucher_code", tenant, orderNo, position);
    }
}
