package io.jifen.crypto;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM4Engine;

/** The authenticated ciphers values are sealed with; the id is what a stored value names (never reuse one). */
public enum Algorithm {

    /** SM4 (GB/T 32907-2016) in GCM mode, 128-bit keys: the default, what Chinese regulation asks for. */
    SM4_GCM(1, 16),
    /** AES-256 in GCM mode, for deployments outside China. */
    AES_GCM(2, 32);

    private final int id;
    private final int keyBytes;

    Algorithm(int id, int keyBytes) {
        this.id = id;
        this.keyBytes = keyBytes;
    }

    /** The byte that names this algorithm in a stored value. */
    public int id() {
        return id;
    }

    /** The key length this algorithm takes, in bytes. */
    public int keyBytes() {
        return keyBytes;
    }

    BlockCipher engine() {
        return switch (this) {
            case SM4_GCM -> new SM4Engine();
            case AES_GCM -> AESEngine.newInstance();
        };
    }

    static Algorithm ofId(int id) {
        for (Algorithm algorithm : values()) {
            if (algorithm.id == id) {
                return algorithm;
            }
        }
        throw new CryptoException("unknown algorithm id " + id + " in a stored value");
    }
}
