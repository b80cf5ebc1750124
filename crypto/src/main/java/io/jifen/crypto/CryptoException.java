package io.jifen.crypto;

/** A value that does not open (tampered, wrong key, unknown key or form) or a key configuration that is not usable. */
public class CryptoException extends RuntimeException {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
