package io.jifen.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldCipherTest {

    private static final byte[] SM4_KEY_1 = bytes(16, 1);
    private static final byte[] SM4_KEY_2 = bytes(16, 2);
    private static final byte[] AES_KEY = bytes(32, 3);
    private static final UUID TENANT = UUID.fromString("7f1d7c3e-0000-4000-8000-000000000001");
    private static final UUID ROW = UUID.fromString("7f1d7c3e-0000-4000-8000-000000000002");
    private static final Aad MOBILE = Aad.of("platform.member", TENANT, ROW, "mobile");

    private final FieldCipher sm4 = new FieldCipher(new KeyRing(Algorithm.SM4_GCM, "k1", Map.of("k1", SM4_KEY_1)));

    @Test
    void aSealedValueOpensToItsPlaintextAndHoldsNoneOfIt() {
        byte[] stored = sm4.sealText("13800138000", MOBILE);
        assertThat(sm4.openText(stored, MOBILE)).isEqualTo("13800138000");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("13800138000");
        var envelope = Envelope.parse(stored);
        assertThat(envelope.algorithm()).isEqualTo(Algorithm.SM4_GCM);
        assertThat(envelope.keyId()).isEqualTo("k1");
        assertThat(stored).hasSize(3 + 2 + 12 + 11 + 16);
    }

    @Test
    void everyValueGetsAFreshNonce() {
        byte[] first = sm4.sealText("13800138000", MOBILE);
        byte[] second = sm4.sealText("13800138000", MOBILE);
        assertThat(Envelope.parse(first).nonce()).isNotEqualTo(Envelope.parse(second).nonce());
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anyChangedByteIsDetected() {
        byte[] stored = sm4.sealText("13800138000", MOBILE);
        for (int i = 0; i < stored.length; i++) {
            byte[] tampered = stored.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> sm4.open(tampered, MOBILE)).as("byte %d changed", i).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void aValueDoesNotOpenForAnotherOwner() {
        byte[] stored = sm4.sealText("13800138000", MOBILE);
        assertThatThrownBy(() -> sm4.open(stored, Aad.of("platform.member", TENANT, ROW, "email")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> sm4.open(stored, Aad.of("platform.member", UUID.randomUUID(), ROW, "mobile")))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void aValueDoesNotOpenUnderAnotherKeyOfTheSameId() {
        byte[] stored = sm4.sealText("13800138000", MOBILE);
        var impostor = new FieldCipher(new KeyRing(Algorithm.SM4_GCM, "k1", Map.of("k1", SM4_KEY_2)));
        assertThatThrownBy(() -> impostor.open(stored, MOBILE)).isInstanceOf(CryptoException.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void aValueUnderAKeyNoLongerConfiguredSaysWhichKey() {
        byte[] stored = sm4.sealText("13800138000", MOBILE);
        var other = new FieldCipher(new KeyRing(Algorithm.SM4_GCM, "k2", Map.of("k2", SM4_KEY_2)));
        assertThatThrownBy(() -> other.open(stored, MOBILE)).isInstanceOf(CryptoException.class).hasMessageContaining("'k1'");
    }

    @Test
    void afterRotationNewValuesUseTheNewKeyAndOldOnesStillOpen() {
        byte[] old = sm4.sealText("13800138000", MOBILE);
        var rotated = new FieldCipher(new KeyRing(Algorithm.SM4_GCM, "k2", Map.of("k1", SM4_KEY_1, "k2", SM4_KEY_2)));
        byte[] fresh = rotated.sealText("13900139000", MOBILE);
        assertThat(Envelope.parse(fresh).keyId()).isEqualTo("k2");
        assertThat(rotated.openText(old, MOBILE)).isEqualTo("13800138000");
        assertThat(rotated.openText(fresh, MOBILE)).isEqualTo("13900139000");
        assertThat(rotated.isCurrent(old)).isFalse();
        assertThat(rotated.isCurrent(fresh)).isTrue();
    }

    @Test
    void aDeploymentSwitchedToAesStillOpensItsSm4Values() {
        byte[] old = sm4.sealText("张三", MOBILE);
        var aes = new FieldCipher(new KeyRing(Algorithm.AES_GCM, "a1", Map.of("k1", SM4_KEY_1, "a1", AES_KEY)));
        byte[] fresh = aes.sealText("李四", MOBILE);
        assertThat(Envelope.parse(fresh).algorithm()).isEqualTo(Algorithm.AES_GCM);
        assertThat(aes.openText(old, MOBILE)).isEqualTo("张三");
        assertThat(aes.openText(fresh, MOBILE)).isEqualTo("李四");
    }

    @Test
    void theKeyedCiphersItReusesKeepWorkingAcrossSealsOpensFailuresAndThreads() throws Exception {
        byte[] tampered = sm4.sealText("13800138000", MOBILE);
        tampered[tampered.length - 1] ^= 1;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String value = "member-" + thread + "-" + i;
                        Aad aad = Aad.of("platform.member", TENANT, thread, i);
                        if (!value.equals(sm4.openText(sm4.sealText(value, aad), aad))) {
                            return false;
                        }
                        if (i % 50 == 0) {
                            assertThatThrownBy(() -> sm4.open(tampered, MOBILE)).isInstanceOf(CryptoException.class);
                        }
                    }
                    return true;
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nullStaysNull() {
        assertThat(sm4.sealText(null, MOBILE)).isNull();
        assertThat(sm4.openText(null, MOBILE)).isNull();
    }

    @Test
    void settingsThatCannotWorkSayWhichPropertyToFix() {
        String sm4Key = Base64.getEncoder().encodeToString(SM4_KEY_1);
        assertThatThrownBy(() -> new CryptoSettings(null, null, null, null).keyRing("jifen.crypto"))
                .hasMessageContaining("jifen.crypto.current-key is not set");
        assertThatThrownBy(() -> new CryptoSettings(null, "k1", Map.of("k1", "not base64!"), null).keyRing("jifen.crypto"))
                .hasMessageContaining("jifen.crypto.keys.k1 is not base64");
        assertThatThrownBy(() -> new CryptoSettings(null, "k2", Map.of("k1", sm4Key), null).keyRing("jifen.crypto"))
                .hasMessageContaining("'k2' is not among the keys [k1]");
        assertThatThrownBy(() -> new CryptoSettings(Algorithm.AES_GCM, "k1", Map.of("k1", sm4Key), null).keyRing("jifen.crypto"))
                .hasMessageContaining("has 16 bytes; AES_GCM takes 32");
        assertThatThrownBy(() -> new CryptoSettings(null, "k1", Map.of("k1", sm4Key), null).blindIndex("jifen.crypto"))
                .hasMessageContaining("jifen.crypto.index-key is not set");
        assertThat(new CryptoSettings(null, "k1", Map.of("k1", sm4Key), null).keyRing("jifen.crypto").algorithm())
                .isEqualTo(Algorithm.SM4_GCM);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
