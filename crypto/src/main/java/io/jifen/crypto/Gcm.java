package io.jifen.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The GCM primitive (BouncyCastle's lightweight API, no JCA provider to register): 12-byte nonces, 128-bit tags, the
 * tag after the ciphertext. Callers supply the nonce; {@link FieldCipher} makes a fresh random one per value.
 */
public final class Gcm {

    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private Gcm() {
    }

    /** The ciphertext followed by the tag. */
    public static byte[] encrypt(Algorithm algorithm, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        GCMModeCipher gcm = init(algorithm, key, nonce, aad, true);
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("cannot encrypt", e);
        }
        return out;
    }

    /** The plaintext of {@code ciphertext[offset, offset + length)} (ciphertext and tag); a wrong key, nonce, AAD or a changed byte throws. */
    public static byte[] decrypt(Algorithm algorithm, byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext, int offset, int length) {
        if (length < TAG_BYTES) {
            throw new CryptoException("ciphertext shorter than its tag");
        }
        GCMModeCipher gcm = init(algorithm, key, nonce, aad, false);
        byte[] out = new byte[gcm.getOutputSize(length)];
        int n = gcm.processBytes(ciphertext, offset, length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("value does not authenticate: tampered, or sealed under another key or for another owner", e);
        }
        return out;
    }

    private static GCMModeCipher init(Algorithm algorithm, byte[] key, byte[] nonce, byte[] aad, boolean encrypt) {
        if (key.length != algorithm.keyBytes()) {
            throw new CryptoException(algorithm + " takes " + algorithm.keyBytes() + "-byte keys, not " + key.length);
        }
        if (nonce.length != NONCE_BYTES) {
            throw new CryptoException("GCM nonces here are " + NONCE_BYTES + " bytes, not " + nonce.length);
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(algorithm.engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, aad));
        return gcm;
    }
}
