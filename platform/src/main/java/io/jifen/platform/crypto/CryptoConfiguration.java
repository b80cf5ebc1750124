package io.jifen.platform.crypto;

import liquibase.integration.spring.SpringLiquibase;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.jifen.crypto.BlindIndex;
import io.jifen.crypto.FieldCipher;

/**
 * The key service as beans, built from {@code jifen.crypto}: a missing or unusable key stops the start with a message
 * naming the property. The supplier hub embedded here uses the same {@link FieldCipher}.
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    static final String PREFIX = "jifen.crypto";

    @Bean
    FieldCipher fieldCipher(CryptoProperties properties) {
        return properties.settings().fieldCipher(PREFIX);
    }

    @Bean
    BlindIndex blindIndex(CryptoProperties properties) {
        return properties.settings().blindIndex(PREFIX);
    }

    /** Hands the keys to the Liquibase steps that encrypt what was stored in clear ({@link EncryptingMigration}). */
    @Bean
    EncryptingMigration.Keys migrationKeys(FieldCipher cipher, BlindIndex index) {
        var keys = new EncryptingMigration.Keys(cipher, index);
        EncryptingMigration.use(keys);
        return keys;
    }

    /** Liquibase runs after the keys exist: its Java steps encrypt existing rows. */
    @Bean
    static AbstractDependsOnBeanFactoryPostProcessor liquibaseNeedsTheKeys() {
        return new AbstractDependsOnBeanFactoryPostProcessor(SpringLiquibase.class, "migrationKeys") {
        };
    }
}
