package io.jifen.crypto;

import java.security.MessageDigest;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HMAC (RFC 2104) over SM3 (GB/T 32905-2016): 32-byte tags. Thread-safe; each call uses its own state. */
public final class HmacSm3 {

    public static final int TAG_BYTES = 32;

    private final byte[] key;

    public HmacSm3(byte[] key) {
        if (key.length < 16) {
            throw new CryptoException("an HMAC-SM3 key should have at least 16 bytes, not " + key.length);
        }
        this.key = key.clone();
    }

    public byte[] mac(byte[]... parts) {
        HMac hmac = new HMac(new SM3Digest());
        hmac.init(new KeyParameter(key));
        for (byte[] part : parts) {
            hmac.update(part, 0, part.length);
        }
        byte[] out = new byte[TAG_BYTES];
        hmac.doFinal(out, 0);
        return out;
    }

    /** Whether {@code tag} is the MAC of {@code parts}, compared in constant time. */
    public boolean verify(byte[] tag, byte[]... parts) {
        return MessageDigest.isEqual(tag, mac(parts));
    }

    /** The SM3 digest of {@code data} (32 bytes). */
    public static byte[] sm3(byte[] data) {
        SM3Digest digest = new SM3Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
