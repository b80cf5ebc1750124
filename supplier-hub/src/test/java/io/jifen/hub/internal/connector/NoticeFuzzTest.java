package io.jifen.hub.internal.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the e-voucher aggregator's notification parser: whatever the body, it is read or refused with a
 * {@link SupplierException}, never another exception (which the endpoint would answer with a 500). Bodies as they come
 * (mostly refused by the signature), and bodies the test signs with our secret so that the fuzzer reaches what is read
 * after the signature: order, state, timestamp and card codes (encrypted by the test as the aggregator does).
 * Regression inputs: {@code src/test/resources/io/jifen/hub/internal/connector/NoticeFuzzTestInputs/<method>/}.
 */
class NoticeFuzzTest {

    private static final String SECRET = "fuzz-secret";
    private static final VoucherConnector CONNECTOR = new VoucherConnector(new VoucherConnector.Settings(URI.create("http://127.0.0.1:9/"),
            "fuzz", SECRET, () -> URI.create("http://127.0.0.1:9/notices"), Duration.ofSeconds(1), 0, 1, Duration.ofMillis(1)));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] STATES = {"success", "failed", "processing", "untreated"};

    @FuzzTest(maxDuration = "15s")
    void anyBodyIsReadOrRefused(byte[] body) {
        readOrRefused(new String(body, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "15s")
    void anySignedNoticeIsReadOrRefused(FuzzedDataProvider data) throws Exception {
        Map<String, String> fields = new TreeMap<>();
        fields.put("order_id", data.consumeString(20));
        fields.put("customer_order_no", data.consumeString(40));
        fields.put("order_status", data.consumeBoolean() ? data.pickValue(STATES) : data.consumeString(12));
        if (data.consumeBoolean()) {
            fields.put("timestamp", data.consumeBoolean() ? data.consumeString(24)
                    : TIMESTAMP.format(LocalDateTime.of(2026, 11, 30, 12, 0).plusSeconds(data.consumeInt(-10_000_000, 10_000_000))));
        }
        fields.put("recharge_description", data.consumeString(30));
        if (data.consumeBoolean()) {
            String cards = switch (data.consumeInt(0, 2)) {
                case 0 -> data.consumeString(300);
                case 1 -> sealed(data.consumeString(300));
                default -> sealed(JSON.writeValueAsString(List.of(Map.of("card_number", data.consumeString(20), "card_pwd", data.consumeString(12),
                        "card_deadline", data.consumeString(12)))));
            };
            fields.put("cards", cards);
        }
        fields.put("sign", VoucherCrypto.sign(fields, SECRET));
        readOrRefused(JSON.writeValueAsString(fields));
    }

    private static void readOrRefused(String body) {
        try {
            CONNECTOR.notice(Map.of(), body);
        } catch (SupplierException refused) {
            // Refused, as a notification that does not read must be.
        }
    }

    /** The cards as the aggregator sends them: base64 of an IV and the AES-256-CBC ciphertext under the SHA-256 of our secret. */
    private static String sealed(String cards) throws Exception {
        byte[] iv = new byte[16];
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, VoucherCrypto.cardKey(SECRET), new IvParameterSpec(iv));
        byte[] sealed = cipher.doFinal(cards.getBytes(StandardCharsets.UTF_8));
        byte[] all = new byte[16 + sealed.length];
        System.arraycopy(sealed, 0, all, 16, sealed.length);
        return Base64.getEncoder().encodeToString(all);
    }
}
