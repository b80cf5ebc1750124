package io.jifen.crypto;

import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

/**
 * A rough measurement of what sealing costs (not a test, not JMH: warm up, then time a loop), for docs/performance.md.
 * Run by infra/bench/crypto.sh.
 */
public final class CryptoCost {

    private CryptoCost() {
    }

    public static void main(String[] args) {
        var random = new SecureRandom();
        byte[] sm4Key = new byte[16];
        byte[] aesKey = new byte[32];
        byte[] indexKey = new byte[32];
        random.nextBytes(sm4Key);
        random.nextBytes(aesKey);
        random.nextBytes(indexKey);
        var sm4 = new FieldCipher(new KeyRing(Algorithm.SM4_GCM, "s", Map.of("s", sm4Key)));
        var aes = new FieldCipher(new KeyRing(Algorithm.AES_GCM, "a", Map.of("a", aesKey)));
        var index = new BlindIndex(indexKey);
        UUID tenant = UUID.randomUUID();
        for (int round = 0; round < 3; round++) {
            boolean report = round == 2;
            time("SM4-GCM seal (11-byte mobile)", 200_000, report, i -> sm4.sealText("13800138000", Aad.of("m", tenant, i, "mobile")));
            byte[] sealed = sm4.sealText("13800138000", Aad.of("m", tenant, 1, "mobile"));
            time("SM4-GCM open", 200_000, report, i -> sm4.openText(sealed, Aad.of("m", tenant, 1, "mobile")));
            time("AES-256-GCM seal", 200_000, report, i -> aes.sealText("13800138000", Aad.of("m", tenant, i, "mobile")));
            time("HMAC-SM3 blind index", 200_000, report, i -> index.of("m.mobile", tenant, "13800138000"));
            time("member import, 10,000 rows (4 seals + 3 indexes each)", 20, report, n -> {
                for (int i = 0; i < 10_000; i++) {
                    var aad = Aad.of("m", tenant, i);
                    sm4.sealText("会员" + i, aad);
                    sm4.sealText("1380000" + i, aad);
                    sm4.sealText("m" + i + "@example.com", aad);
                    sm4.sealText("1990-01-01", aad);
                    index.of("m.mobile", tenant, "1380000" + i);
                    index.of("m.email", tenant, "m" + i + "@example.com");
                    index.of("m.birthday", tenant, "--01-01");
                }
                return null;
            });
        }
    }

    private static void time(String what, int times, boolean report, java.util.function.IntFunction<Object> work) {
        long start = System.nanoTime();
        Object sink = null;
        for (int i = 0; i < times; i++) {
            sink = work.apply(i);
        }
        long nanos = System.nanoTime() - start;
        if (report) {
            double each = nanos / (double) times;
            System.out.printf("%-58s %12s%n", what, each >= 1_000_000 ? "%.1f ms".formatted(each / 1e6) : "%.1f µs".formatted(each / 1e3));
        }
        if (sink == work) {
            System.out.println();
        }
    }
}
