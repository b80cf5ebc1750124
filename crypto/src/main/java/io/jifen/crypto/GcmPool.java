package io.jifen.crypto;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * GCM ciphers kept keyed, per key: setting a key up (the block cipher's key schedule, GCM's multiplication tables)
 * costs several times what sealing a short value does, so a cipher is keyed once and then only given a new nonce and
 * AAD. A pool, not a thread-local: the application runs on virtual threads. A cipher that failed is dropped.
 */
final class GcmPool {

    private static final int MAX_IDLE_PER_KEY = 64;

    private static final class Keyed {
        final GCMModeCipher gcm;
        final KeyParameter key;
        boolean used;

        Keyed(Algorithm algorithm, byte[] key) {
            this.gcm = GCMBlockCipher.newInstance(algorithm.engine());
            this.key = new KeyParameter(key);
        }
    }

    private final ConcurrentMap<String, Queue<Keyed>> idle = new ConcurrentHashMap<>();

    byte[] encrypt(Algorithm algorithm, String keyId, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        Keyed keyed = borrow(algorithm, keyId, key, nonce, aad, true);
        byte[] out = new byte[keyed.gcm.getOutputSize(plaintext.length)];
        int n = keyed.gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            keyed.gcm.doFinal(out, n);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new CryptoException("cannot encrypt", e);
        }
        giveBack(algorithm, keyId, keyed);
        return out;
    }

    byte[] decrypt(Algorithm algorithm, String keyId, byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
        if (ciphertext.length < Gcm.TAG_BYTES) {
            throw new CryptoException("ciphertext shorter than its tag");
        }
        Keyed keyed = borrow(algorithm, keyId, key, nonce, aad, false);
        byte[] out = new byte[keyed.gcm.getOutputSize(ciphertext.length)];
        int n = keyed.gcm.processBytes(ciphertext, 0, ciphertext.length, out, 0);
        try {
            keyed.gcm.doFinal(out, n);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new CryptoException("value does not authenticate: tampered, or sealed under another key or for another owner", e);
        }
        giveBack(algorithm, keyId, keyed);
        return out;
    }

    private Keyed borrow(Algorithm algorithm, String keyId, byte[] key, byte[] nonce, byte[] aad, boolean encrypt) {
        if (key.length != algorithm.keyBytes()) {
            throw new CryptoException(algorithm + " takes " + algorithm.keyBytes() + "-byte keys, not " + key.length);
        }
        Keyed keyed = idle.computeIfAbsent(algorithm + "/" + keyId, k -> new ConcurrentLinkedQueue<>()).poll();
        if (keyed == null) {
            keyed = new Keyed(algorithm, key);
        }
        // The first init sets the key up; later ones pass no key and keep it (BouncyCastle's documented re-keyless init).
        keyed.gcm.init(encrypt, new AEADParameters(keyed.used ? null : keyed.key, Gcm.TAG_BYTES * 8, nonce, aad));
        keyed.used = true;
        return keyed;
    }

    private void giveBack(Algorithm algorithm, String keyId, Keyed keyed) {
        Queue<Keyed> queue = idle.get(algorithm + "/" + keyId);
        if (queue.size() < MAX_IDLE_PER_KEY) {
            queue.offer(keyed);
        }
    }
}
