package io.jifen.hub.internal.connector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import io.jifen.hub.internal.digest.Digests;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The e-voucher aggregator's cryptography, all keyed on our app secret: the MD5 signatures of our requests, of its
 * answers and of its notifications, and the AES-256-CBC encryption card codes travel in.
 */
final class VoucherCrypto {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VoucherCrypto() {
    }

    /** Requests' and notifications' signature: MD5 of the parameters sorted by name as {@code k=v&k=v}, then the secret. */
    static String sign(Map<String, String> parameters, String appSecret) {
        String joined = new TreeMap<>(parameters).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return Digests.md5Hex(joined + appSecret);
    }

    /** An answer's signature: MD5 of its {@code result} text followed by the secret. */
    static String answerSignature(String result, String appSecret) {
        return Digests.md5Hex(result + appSecret);
    }

    /** Compares a signature received with the one expected, in constant time. */
    static boolean verifies(@Nullable String received, String expected) {
        return received != null && MessageDigest.isEqual(received.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The card codes' key: SHA-256 of the app secret. */
    static SecretKeySpec cardKey(String appSecret) {
        return new SecretKeySpec(Digests.sha256(appSecret.getBytes(StandardCharsets.UTF_8)), "AES");
    }

    /** Card codes as the aggregator sends them: base64 of a 16-byte IV and the AES-256-CBC ciphertext of a JSON list. */
    static List<OrderStatus.IssuedCode> decryptCards(String sealed, SecretKeySpec key) {
        JsonNode cards;
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(bytes, 0, 16));
            cards = JSON.readTree(cipher.doFinal(bytes, 16, bytes.length - 16));
        } catch (GeneralSecurityException | IllegalArgumentException | JacksonException e) {
            throw new SupplierException(VoucherConnector.SUPPLIER, SupplierException.Kind.MALFORMED, "card codes do not decrypt", null, e);
        }
        List<OrderStatus.IssuedCode> codes = new ArrayList<>();
        for (JsonNode card : cards) {
            String number = card.path("card_number").asString("");
            if (number.isBlank()) {
                throw new SupplierException(VoucherConnector.SUPPLIER, SupplierException.Kind.MALFORMED, "a card without a number", null, null);
            }
            String password = card.path("card_pwd").asString("");
            String deadline = card.path("card_deadline").asString("");
            LocalDate expiresOn;
            try {
                expiresOn = deadline.isBlank() ? null : LocalDate.parse(deadline);
            } catch (DateTimeParseException e) {
                // Found by NoticeFuzzTest: a deadline that is not a date escaped as a DateTimeParseException (a 500).
                throw new SupplierException(VoucherConnector.SUPPLIER, SupplierException.Kind.MALFORMED, "a card whose deadline is not a date", null, null);
            }
            codes.add(new OrderStatus.IssuedCode(number, password.isBlank() ? null : password, expiresOn));
        }
        return codes;
    }
}
