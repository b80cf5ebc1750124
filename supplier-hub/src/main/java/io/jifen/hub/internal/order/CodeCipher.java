package io.jifen.hub.internal.order;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.jifen.hub.HubProperties;

/**
 * Encrypts e-voucher codes at rest: AES-256-GCM, a fresh 12-byte nonce per value (stored before the ciphertext), the
 * order number and the code's position as authenticated data. Keys come from configuration by id; new values use the
 * current key, old ones stay readable while their key is listed.
 */
@Component
class CodeCipher {

    /** A value encrypted under a key. */
    record Sealed(String keyId, byte[] bytes) {
    }

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new TreeMap<>();
    private final String currentKey;
    private final SecureRandom random = new SecureRandom();

    CodeCipher(HubProperties properties) {
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
                keys.put(id, new SecretKeySpec(key, "AES"));
            });
        }
        currentKey = codes.currentKey() == null || codes.currentKey().isBlank() ? null : codes.currentKey();
        if (currentKey != null && !keys.containsKey(currentKey)) {
            throw new IllegalStateException("jifen.hub.codes.current-key names " + currentKey + ", which is not among jifen.hub.codes.keys " + keys.keySet());
        }
    }

    Sealed seal(String plain, String orderNo, int position) {
        if (currentKey == null) {
            throw new IllegalStateException("no key to encrypt voucher codes with: set jifen.hub.codes.current-key and jifen.hub.codes.keys");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(orderNo, position));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return new Sealed(currentKey, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a voucher code", e);
        }
    }

    String open(Sealed sealed, String orderNo, int position) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("voucher code of order " + orderNo + " is encrypted with key " + sealed.keyId()
                    + ", which is not configured (jifen.hub.codes.keys)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.bytes(), 0, NONCE_BYTES));
            cipher.updateAAD(aad(orderNo, position));
            return new String(cipher.doFinal(sealed.bytes(), NONCE_BYTES, sealed.bytes().length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("voucher code of order " + orderNo + " does not decrypt: wrong key or tampered", e);
        }
    }

    private static byte[] aad(String orderNo, int position) {
        return (orderNo + "#" + position).getBytes(StandardCharsets.UTF_8);
    }
}
