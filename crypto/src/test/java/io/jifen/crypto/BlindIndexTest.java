package io.jifen.crypto;

import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlindIndexTest {

    private static final byte[] KEY = filled(32, 7);
    private final BlindIndex index = new BlindIndex(KEY);
    private final UUID tenant = UUID.randomUUID();

    @Test
    void equalValuesIndexEquallySoTheyCanBeLookedUp() {
        assertThat(index.of("platform.member.mobile", tenant, "13800138000")).hasSize(32)
                .isEqualTo(index.of("platform.member.mobile", tenant, "13800138000"));
    }

    @Test
    void theIndexDependsOnTheValueTheTenantTheColumnAndTheKey() {
        byte[] base = index.of("platform.member.mobile", tenant, "13800138000");
        assertThat(index.of("platform.member.mobile", tenant, "13800138001")).isNotEqualTo(base);
        assertThat(index.of("platform.member.mobile", UUID.randomUUID(), "13800138000")).isNotEqualTo(base);
        assertThat(index.of("platform.member.email", tenant, "13800138000")).isNotEqualTo(base);
        assertThat(new BlindIndex(filled(32, 8)).of("platform.member.mobile", tenant, "13800138000")).isNotEqualTo(base);
    }

    @Test
    void partsAreNotAmbiguous() {
        assertThat(index.of("ab", "c")).isNotEqualTo(index.of("a", "bc"));
    }

    @Test
    void itIsHmacSm3OfTheLengthPrefixedParts() {
        assertThat(index.of("x", "y")).isEqualTo(new HmacSm3(KEY).mac(Aad.of("x", "y").bytes()));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new BlindIndex(new byte[16])).hasMessageContaining("at least 32 bytes");
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
