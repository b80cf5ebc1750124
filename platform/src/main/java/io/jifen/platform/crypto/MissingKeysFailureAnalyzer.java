package io.jifen.platform.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.jifen.crypto.CryptoException;

/** A start refused for want of usable keys says which property to set, not a stack trace. */
class MissingKeysFailureAnalyzer extends AbstractFailureAnalyzer<CryptoException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CryptoException cause) {
        return new FailureAnalysis("The keys for data at rest are missing or unusable: " + cause.getMessage(),
                "Set JIFEN_CRYPTO_CURRENT_KEY, JIFEN_CRYPTO_KEYS_<ID> and JIFEN_CRYPTO_INDEX_KEY (base64; generate keys with "
                        + "'openssl rand -base64 16' for SM4_GCM, 32 for AES_GCM and the index key). See docs/architecture.md, Cryptography (国密).",
                cause);
    }
}
