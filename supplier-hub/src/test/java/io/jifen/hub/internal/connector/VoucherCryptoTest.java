package io.jifen.hub.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The e-voucher aggregator's signatures and card-code encryption against known answers, computed outside Java once
 * (the secret is {@code voucher-secret-7}):
 * <ul>
 * <li>request: {@code printf '%s' '<the canonical string below>voucher-secret-7' | openssl dgst -md5};</li>
 * <li>answer: {@code printf '%s' '{"order_id":"77001","order_state":"success"}voucher-secret-7' | openssl dgst -md5};</li>
 * <li>cards: {@code openssl enc -aes-256-cbc -K $(printf '%s' voucher-secret-7 | openssl dgst -sha256 -r | cut -d' ' -f1)
 * -iv 000102030405060708090a0b0c0d0e0f}, the IV prepended, base64.</li>
 * </ul>
 */
class VoucherCryptoTest {

    private static final String SECRET = "voucher-secret-7";
    /** The two cards below, as the aggregator sends them. */
    private static final String SEALED_CARDS = "AAECAwQFBgcICQoLDA0OD/Bgjse2aDcZh92/0fIC1kjz++8M9EIIwGgTB4lufWdzJK2mQKheFMvv9SjTLzNrgVFQcG6XTDFW+iTM/9luXtcFCd+"
            + "ULU0cpPmgi3a7gwipRyI5dXARWAyxR8dB/kiQNDfKiBlK/nVvM3B3jpeWqKC52g9XIAh1Dk04paT9a3nMiG/SHgVveG1CygxabYpeEg==";

    @Test
    void aRequestIsSignedByMd5OfItsParametersSortedByNameAsKeyEqualsValueJoinedByAmpersandThenTheSecret() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("method", "fulu.order.card.add");
        request.put("app_key", "jifen-hub");
        request.put("timestamp", "2026-11-23 12:00:00");
        request.put("version", "2.0");
        request.put("format", "json");
        request.put("charset", "utf-8");
        request.put("sign_type", "md5");
        request.put("biz_content", "{\"product_id\":\"10001\",\"customer_order_no\":\"JF-0001\",\"buy_num\":1}");
        // app_key=jifen-hub&biz_content={"product_id":"10001","customer_order_no":"JF-0001","buy_num":1}&charset=utf-8&format=json
        // &method=fulu.order.card.add&sign_type=md5&timestamp=2026-11-23 12:00:00&version=2.0

        assertThat(VoucherCrypto.sign(request, SECRET)).isEqualTo("dc7bbad10b74ec9cbd528a43c08a8ffc");
    }

    @Test
    void anAnswerIsSignedByMd5OfItsResultTextThenTheSecretAndOnlyTheExactSignatureVerifies() {
        String expected = VoucherCrypto.answerSignature("{\"order_id\":\"77001\",\"order_state\":\"success\"}", SECRET);

        assertThat(expected).isEqualTo("a7595045c2e6db6ef4af658ac560ee26");
        assertThat(VoucherCrypto.verifies("a7595045c2e6db6ef4af658ac560ee26", expected)).isTrue();
        assertThat(VoucherCrypto.verifies("A7595045C2E6DB6EF4AF658AC560EE26", expected)).isFalse();
        assertThat(VoucherCrypto.verifies(null, expected)).isFalse();
    }

    @Test
    void cardCodesAreAes256CbcUnderTheSha256OfTheSecretWithTheIvInFront() {
        var codes = VoucherCrypto.decryptCards(SEALED_CARDS, VoucherCrypto.cardKey(SECRET));

        assertThat(codes).containsExactly(new OrderStatus.IssuedCode("SBUX-0001", "834921", LocalDate.of(2027, 6, 30)),
                new OrderStatus.IssuedCode("SBUX-0002", null, null));
    }

    @Test
    void cardCodesUnderAnotherSecretDoNotDecrypt() {
        assertThatThrownBy(() -> VoucherCrypto.decryptCards(SEALED_CARDS, VoucherCrypto.cardKey("another-secret")))
                .isInstanceOfSatisfying(SupplierException.class, e -> assertThat(e.kind()).isEqualTo(SupplierException.Kind.MALFORMED));
    }
}
