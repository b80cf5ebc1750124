package io.jifen.platform.crypto;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A deployment without keys does not start, and says what to set. */
class MissingKeysTest {

    @Test
    void withoutACurrentKeyTheKeyServiceIsNotBuiltAndTheFailureNamesTheSettings() {
        Throwable refused = catchThrowable(() -> new CryptoConfiguration().fieldCipher(new CryptoProperties(null, null, null, null)));

        var analysis = new MissingKeysFailureAnalyzer().analyze(new BeanCreationException("fieldCipher", refused));
        assertThat(analysis.getDescription()).contains("jifen.crypto.current-key is not set");
        assertThat(analysis.getAction()).contains("JIFEN_CRYPTO_CURRENT_KEY", "JIFEN_CRYPTO_INDEX_KEY");
        // Registered for Spring Boot (other analyzers need an application context to be made; they are skipped here).
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, null,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })))
                .anyMatch(MissingKeysFailureAnalyzer.class::isInstance);
    }

    @Test
    void withoutAnIndexKeyTheBlindIndexIsNotBuilt() {
        var properties = new CryptoProperties(null, "k1", Map.of("k1", "AAAAAAAAAAAAAAAAAAAAAA=="), null);

        assertThat(new CryptoConfiguration().fieldCipher(properties).keys().currentKeyId()).isEqualTo("k1");
        assertThat(catchThrowable(() -> new CryptoConfiguration().blindIndex(properties))).hasMessageContaining("jifen.crypto.index-key is not set");
    }
}
