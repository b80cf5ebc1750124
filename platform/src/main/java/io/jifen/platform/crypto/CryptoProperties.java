package io.jifen.platform.crypto;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.jifen.crypto.Algorithm;
import io.jifen.crypto.CryptoSettings;

/**
 * The deployment's keys for data at rest (personal data, webhook secrets, e-voucher codes), all base64. Without them
 * the application does not start.
 *
 * @param algorithm  what new values are sealed with: SM4_GCM (default) or AES_GCM (deployments outside China)
 * @param currentKey the id of the key new values are sealed with
 * @param keys       data keys by id (16 bytes for SM4_GCM, 32 for AES_GCM); keep old ones until nothing names them
 * @param indexKey   the blind index key (HMAC-SM3, 32 bytes), separate from the data keys
 */
@ConfigurationProperties("jifen.crypto")
public record CryptoProperties(@Nullable Algorithm algorithm, @Nullable String currentKey, @Nullable Map<String, String> keys,
                               @Nullable String indexKey) {

    CryptoSettings settings() {
        return new CryptoSettings(algorithm, currentKey, keys, indexKey);
    }
}
