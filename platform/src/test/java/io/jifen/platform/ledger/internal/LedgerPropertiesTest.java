package io.jifen.platform.ledger.internal;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Validation;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerPropertiesTest {

    @Test
    void withoutSettingsTwoCommittersAndTwoExpiryPartitionsOfFiveHundredWalletsPerChunk() {
        var properties = bind(Map.of());

        assertThat(properties.earnCommitters()).isEqualTo(2);
        assertThat(properties.expiry()).isEqualTo(new LedgerProperties.Expiry(2, 500));
        assertThat(properties.chain().sealInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.chain().pageSize()).isEqualTo(1000);
    }

    @Test
    void theSettingsKeepTheirNames() {
        var properties = bind(Map.of("jifen.ledger.earn-committers", "3", "jifen.ledger.expiry.partitions", "4",
                "jifen.ledger.expiry.wallets-per-chunk", "20", "jifen.ledger.schedule.expiry", "-",
                "jifen.ledger.chain.current-key", "k2", "jifen.ledger.chain.keys.k1", "a2V5MQ==", "jifen.ledger.chain.keys.k2", "a2V5Mg==",
                "jifen.ledger.chain.seal-interval", "1s"));

        assertThat(properties).isEqualTo(new LedgerProperties(3, new LedgerProperties.Expiry(4, 20),
                new LedgerProperties.Chain("k2", Map.of("k1", "a2V5MQ==", "k2", "a2V5Mg=="), Duration.ofSeconds(1), Duration.ofMinutes(10), 1000)));
    }

    @Test
    void noCommittersOrEmptyChunksAreRefusedAtStartUp() {
        assertThatThrownBy(() -> bind(Map.of("jifen.ledger.earn-committers", "0"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("jifen.ledger.expiry.wallets-per-chunk", "0"))).isInstanceOf(BindException.class);
    }

    private static LedgerProperties bind(Map<String, String> settings) {
        var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("jifen.ledger", Bindable.of(LedgerProperties.class),
                        new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), validator));
    }
}
