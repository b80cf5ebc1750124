package io.jifen.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of a sealed value, self-describing and versioned:
 * <pre>
 * byte 0        version (1)
 * byte 1        algorithm id ({@link Algorithm#id()})
 * byte 2        length L of the key id (1..64)
 * bytes 3..3+L  key id (ASCII)
 * 12 bytes      nonce
 * the rest      ciphertext and 16-byte GCM tag
 * </pre>
 * The header (bytes 0 to 3+L) is authenticated with the caller's AAD, so it cannot be altered unnoticed either.
 *
 * @param header the version, algorithm and key id bytes
 */
public record Envelope(int version, Algorithm algorithm, String keyId, byte[] nonce, byte[] ciphertext, byte[] header) {

    public static final int VERSION = 1;

    static byte[] header(Algorithm algorithm, String keyId) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[3 + id.length];
        header[0] = VERSION;
        header[1] = (byte) algorithm.id();
        header[2] = (byte) id.length;
        System.arraycopy(id, 0, header, 3, id.length);
        return header;
    }

    static byte[] encode(byte[] header, byte[] nonce, byte[] ciphertext) {
        byte[] out = new byte[header.length + nonce.length + ciphertext.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(nonce, 0, out, header.length, nonce.length);
        System.arraycopy(ciphertext, 0, out, header.length + nonce.length, ciphertext.length);
        return out;
    }

    /** Reads a stored value's parts; a value of another form or version throws. */
    public static Envelope parse(byte[] stored) {
        if (stored.length < 3 || stored[0] != VERSION) {
            throw new CryptoException("not a sealed value of version " + VERSION);
        }
        Algorithm algorithm = Algorithm.ofId(stored[1] & 0xff);
        int idLength = stored[2] & 0xff;
        int headerLength = 3 + idLength;
        if (idLength == 0 || stored.length < headerLength + Gcm.NONCE_BYTES + Gcm.TAG_BYTES) {
            throw new CryptoException("sealed value is truncated");
        }
        String keyId = new String(stored, 3, idLength, StandardCharsets.US_ASCII);
        return new Envelope(VERSION, algorithm, keyId, Arrays.copyOfRange(stored, headerLength, headerLength + Gcm.NONCE_BYTES),
                Arrays.copyOfRange(stored, headerLength + Gcm.NONCE_BYTES, stored.length), Arrays.copyOf(stored, headerLength));
    }
}
