package io.jifen.platform.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainMacTest {

    private static final String KEY_ONE = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final String KEY_TWO = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

    private static ChainMac mac(String current, Map<String, String> keys) {
        return new ChainMac(new LedgerProperties(2, new LedgerProperties.Expiry(2, 500),
                new LedgerProperties.Chain(current, keys, Duration.ofSeconds(5), Duration.ofMinutes(10), 1000)));
    }

    @Test
    void aLinkIsTheHmacSm3OfThePreviousLinkAndTheRecordUnderTheNamedKey() {
        var mac = mac("one", Map.of("one", KEY_ONE, "two", KEY_TWO));
        byte[] record = "transaction".getBytes(StandardCharsets.UTF_8);

        byte[] first = mac.link("one", new byte[0], record);

        assertThat(first).hasSize(ChainMac.LENGTH).isEqualTo(mac.link("one", new byte[0], record));
        assertThat(mac.link("two", new byte[0], record)).as("another key").isNotEqualTo(first);
        assertThat(mac.link("one", first, record)).as("another previous link").isNotEqualTo(first);
        assertThat(mac.link("one", new byte[0], "transactioN".getBytes(StandardCharsets.UTF_8))).as("another record").isNotEqualTo(first);
        // HMAC is not a plain hash of key and data: the same bytes split differently between previous link and record match.
        assertThat(mac.link("one", "trans".getBytes(StandardCharsets.UTF_8), "action".getBytes(StandardCharsets.UTF_8))).isEqualTo(first);
        assertThat(HexFormat.of().formatHex(first)).isNotEqualTo(HexFormat.of().formatHex(record));
    }

    @Test
    void withoutACurrentKeyOrWithAShortKeyThePlatformDoesNotStart() {
        assertThatThrownBy(() -> mac(null, Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jifen.ledger.chain.current-key");
        assertThatThrownBy(() -> mac("three", Map.of("one", KEY_ONE))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> mac("short", Map.of("short", "c2hvcnQ="))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void aLinkMadeWithAKeyThatIsNotConfiguredCannotBeChecked() {
        var mac = mac("one", Map.of("one", KEY_ONE));

        assertThat(mac.knows("two")).isFalse();
        assertThatThrownBy(() -> mac.link("two", new byte[0], new byte[1])).isInstanceOf(IllegalStateException.class);
    }
}
