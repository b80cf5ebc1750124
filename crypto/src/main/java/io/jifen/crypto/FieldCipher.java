package io.jifen.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.jspecify.annotations.Nullable;

/**
 * Seals values at rest: the key ring's algorithm and current key, a fresh random 12-byte nonce per value, the owner's
 * {@link Aad} authenticated with the envelope's header. Opens any value sealed under a key still in the ring, whatever
 * algorithm it names. Thread-safe.
 */
public final class FieldCipher {

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();
    private final GcmPool ciphers = new GcmPool();

    public FieldCipher(KeyRing keys) {
        this.keys = keys;
    }

    public KeyRing keys() {
        return keys;
    }

    public byte[] seal(byte[] plaintext, Aad aad) {
        byte[] header = Envelope.header(keys.algorithm(), keys.currentKeyId());
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = ciphers.encrypt(keys.algorithm(), keys.currentKeyId(), keys.current(), nonce, associated(header, aad), plaintext);
        return Envelope.encode(header, nonce, ciphertext);
    }

    public byte[] open(byte[] stored, Aad aad) {
        Envelope envelope = Envelope.parse(stored);
        return ciphers.decrypt(envelope.algorithm(), envelope.keyId(), keys.key(envelope.keyId()), envelope.nonce(),
                associated(envelope.header(), aad), envelope.ciphertext());
    }

    /** {@link #seal} of the UTF-8 text; null stays null. */
    public byte @Nullable [] sealText(@Nullable String plaintext, Aad aad) {
        return plaintext == null ? null : seal(plaintext.getBytes(StandardCharsets.UTF_8), aad);
    }

    /** {@link #open} to text; null stays null. */
    public @Nullable String openText(byte @Nullable [] stored, Aad aad) {
        return stored == null ? null : new String(open(stored, aad), StandardCharsets.UTF_8);
    }

    /** Whether a stored value is sealed with the current key and algorithm (if not, re-seal it to finish a rotation). */
    public boolean isCurrent(byte[] stored) {
        Envelope envelope = Envelope.parse(stored);
        return envelope.keyId().equals(keys.currentKeyId()) && envelope.algorithm() == keys.algorithm();
    }

    private static byte[] associated(byte[] header, Aad aad) {
        byte[] owner = aad.bytes();
        byte[] out = new byte[header.length + owner.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(owner, 0, out, header.length, owner.length);
        return out;
    }
}
