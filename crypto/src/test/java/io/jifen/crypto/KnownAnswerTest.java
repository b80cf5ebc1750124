package io.jifen.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The primitives against the standards' published examples. */
class KnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sm4EncryptsTheBlockOfGbt32907ExampleOne() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        var sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(key));
        byte[] out = new byte[16];
        sm4.processBlock(key, 0, out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    @Test
    void sm4EncryptingAMillionTimesGivesGbt32907ExampleTwo() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        var sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(key));
        byte[] block = key.clone();
        for (int i = 0; i < 1_000_000; i++) {
            sm4.processBlock(block, 0, block, 0);
        }
        assertThat(HEX.formatHex(block)).isEqualTo("595298c7c6fd271f0402f804c33d3f66");
    }

    @Test
    void sm3DigestsAbcAsGbt32905ExampleOne() {
        assertThat(HEX.formatHex(HmacSm3.sm3("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @Test
    void sm3DigestsSixteenAbcdAsGbt32905ExampleTwo() {
        assertThat(HEX.formatHex(HmacSm3.sm3("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void sm4GcmSealsRfc8998VectorA1() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        byte[] nonce = HEX.parseHex("00001234567800000000abcd");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] plain = HEX.parseHex("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
                + "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa");
        byte[] sealed = Gcm.encrypt(Algorithm.SM4_GCM, key, nonce, aad, plain);
        assertThat(HEX.formatHex(sealed)).isEqualTo("17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
                + "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d" + "83de3541e4c2b58177e065a9bf7b62ec");
        assertThat(Gcm.decrypt(Algorithm.SM4_GCM, key, nonce, aad, sealed, 0, sealed.length)).isEqualTo(plain);
    }

    @Test
    void aes256GcmSealsTheGcmSpecificationsTestCase14() {
        byte[] sealed = Gcm.encrypt(Algorithm.AES_GCM, new byte[32], new byte[12], new byte[0], new byte[16]);
        assertThat(HEX.formatHex(sealed)).isEqualTo("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
    }

    @Test
    void hmacSm3IsRfc2104OverSm3() {
        // HMAC's definition written out: SM3((K ^ opad) || SM3((K ^ ipad) || m)), the key zero-padded to SM3's 64-byte block.
        byte[] key = "a key of the blind index, 32 by.".getBytes(StandardCharsets.US_ASCII);
        byte[] message = "13800138000".getBytes(StandardCharsets.US_ASCII);
        byte[] inner = new byte[64 + message.length];
        byte[] outer = new byte[64 + 32];
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        System.arraycopy(message, 0, inner, 64, message.length);
        System.arraycopy(sm3(inner), 0, outer, 64, 32);
        assertThat(new HmacSm3(key).mac(message)).isEqualTo(sm3(outer));
        assertThat(new HmacSm3(key).verify(sm3(outer), message)).isTrue();
    }

    private static byte[] sm3(byte[] data) {
        var digest = new SM3Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
