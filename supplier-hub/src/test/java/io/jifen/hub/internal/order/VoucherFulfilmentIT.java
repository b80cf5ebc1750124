package io.jifen.hub.internal.order;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.crypto.Algorithm;
import io.jifen.crypto.Envelope;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.SupplierOrderDelivered;
import io.jifen.hub.SupplierOrderFailed;
import io.jifen.hub.VoucherCode;
import io.jifen.hub.internal.connector.SupplierException;
import io.jifen.sandbox.VoucherCatalog;
import io.jifen.sandbox.VoucherSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Card-code and top-up orders with the e-voucher aggregator sandbox over HTTP: results pushed to our notification URL
 * (verified, applied once, never backwards), codes that arrive encrypted and are stored under our own key.
 */
@ExtendWith(OutputCaptureExtension.class)
class VoucherFulfilmentIT extends FulfilmentTest {

    @BeforeEach
    void fast() {
        vouchers().timing().resultAfter = Duration.ofMillis(100);
        vouchers().timing().firstResend = Duration.ofMillis(100);
    }

    @AfterEach
    void faultsOff() {
        var faults = vouchers().faults();
        faults.duplicateNotices = false;
        faults.staleNotices = false;
        faults.badlySignedNotices.set(0);
        vouchers().timing().maxNotices = 8;
    }

    @Test
    void cardCodesArriveByNotificationAreStoredEncryptedAndShownOnlyToTheirOwner() {
        var card = product(VoucherCatalog.Type.CARD, 0);

        var placed = fulfilment.place(new PlaceOrder(uniqueNo("VC-CARD"), tenant, member, "vouchers", String.valueOf(card.id), 2, null, null));

        var delivered = await(placed.orderNo(), "DELIVERED");
        var atSupplier = vouchers().order(placed.orderNo());
        assertThat(delivered.supplierOrderId()).isEqualTo(String.valueOf(atSupplier.id));
        assertThat(delivered.unitCostFen()).isEqualTo(card.priceFen());
        var codes = fulfilment.voucherCodes(tenant, member, placed.orderNo());
        assertThat(codes).extracting(VoucherCode::code).containsExactlyElementsOf(atSupplier.cards().stream().map(VoucherSandbox.Card::number).toList());
        assertThat(codes).extracting(VoucherCode::password).containsExactlyElementsOf(atSupplier.cards().stream().map(VoucherSandbox.Card::password).toList());
        assertThat(codes).extracting(VoucherCode::expiresOn).containsOnly(atSupplier.cards().getFirst().deadline());
        assertThat(fulfilment.voucherCodes(tenant, UUID.randomUUID(), placed.orderNo())).as("another member").isEmpty();
        assertThat(fulfilment.voucherCodes(UUID.randomUUID(), member, placed.orderNo())).as("another tenant").isEmpty();
        byte[] stored = asTenant(tenant, () -> jdbc.sql("select code from supplier_hub.voucher_code where order_no = ? and position = 0")
                .param(placed.orderNo()).query(byte[].class).single());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(codes.getFirst().code());
        assertThat(events.of(SupplierOrderDelivered.class)).extracting(SupplierOrderDelivered::orderNo).contains(placed.orderNo());
    }

    @Test
    void aCodeCopiedToAnotherOrderDoesNotDecrypt() {
        var card = product(VoucherCatalog.Type.CARD, 1);
        var first = fulfilment.place(new PlaceOrder(uniqueNo("VC-COPY"), tenant, member, "vouchers", String.valueOf(card.id), 1, null, null));
        var second = fulfilment.place(new PlaceOrder(uniqueNo("VC-COPY"), tenant, member, "vouchers", String.valueOf(card.id), 1, null, null));
        await(first.orderNo(), "DELIVERED");
        await(second.orderNo(), "DELIVERED");

        asTenant(tenant, () -> jdbc.sql("""
                        update supplier_hub.voucher_code set code = (select code from supplier_hub.voucher_code where order_no = ? and position = 0)
                        where order_no = ? and position = 0""")
                .params(first.orderNo(), second.orderNo()).update());

        assertThatThrownBy(() -> fulfilment.voucherCodes(tenant, member, second.orderNo()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not decrypt");
    }

    @Test
    void newCodesAreSealedWithSm4UnderTheApplicationsKeyAndCodesStoredUnderTheHubsOldAesKeyStillOpen() throws Exception {
        var card = product(VoucherCatalog.Type.CARD, 2);
        var placed = fulfilment.place(new PlaceOrder(uniqueNo("VC-KEYS"), tenant, member, "vouchers", String.valueOf(card.id), 1, null, null));
        await(placed.orderNo(), "DELIVERED");
        var stored = asTenant(tenant, () -> jdbc.sql("select key_id, code from supplier_hub.voucher_code where order_no = ? and position = 0")
                .param(placed.orderNo()).query((rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2))).single());
        assertThat(stored.getKey()).isEqualTo("jifen-crypto:hub-test-1");
        assertThat(Envelope.parse(stored.getValue()).algorithm()).isEqualTo(Algorithm.SM4_GCM);

        // As the hub stored codes before jifen-crypto: AES-256-GCM under jifen.hub.codes.keys.test-1, nonce first.
        byte[] legacyKey = Base64.getDecoder().decode("1UruuUfkJFl4kOAOFKwvG/sQY0O6zriaZPSwFgSi1TI=");
        asTenant(tenant, () -> jdbc.sql("update supplier_hub.voucher_code set key_id = 'test-1', code = ?, password = ? where order_no = ? and position = 0")
                .params(legacyAes(legacyKey, "OLD-CODE-1", placed.orderNo() + "#0"), legacyAes(legacyKey, "OLD-PASS-1", placed.orderNo() + "#-1"),
                        placed.orderNo())
                .update());

        var codes = fulfilment.voucherCodes(tenant, member, placed.orderNo());
        assertThat(codes).extracting(VoucherCode::code).containsExactly("OLD-CODE-1");
        assertThat(codes).extracting(VoucherCode::password).containsExactly("OLD-PASS-1");
    }

    private static byte[] legacyAes(byte[] key, String plain, String aad) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTopUpToAnInvalidAccountFailsForARefundAndOneToAValidAccountIsDelivered() {
        var topUp = vouchers().catalog().products().stream()
                .filter(p -> p.type == VoucherCatalog.Type.DIRECT && p.name.contains("话费") && p.onSale() && p.inStock()).findFirst().orElseThrow();
        inCatalog("vouchers", topUp.id);

        var bad = fulfilment.place(new PlaceOrder(uniqueNo("VC-TOPUP"), tenant, member, "vouchers", String.valueOf(topUp.id), 1, null, "12345"));
        var good = fulfilment.place(new PlaceOrder(uniqueNo("VC-TOPUP"), tenant, member, "vouchers", String.valueOf(topUp.id), 1, null, "13912345678"));

        var failed = await(bad.orderNo(), "FAILED");
        assertThat(failed.failure()).contains("充值账号无效");
        assertThat(events.of(SupplierOrderFailed.class)).extracting(SupplierOrderFailed::orderNo).contains(bad.orderNo());
        await(good.orderNo(), "DELIVERED");
        assertThat(vouchers().order(good.orderNo()).account).isEqualTo("13912345678");
        assertThat(fulfilment.voucherCodes(tenant, member, good.orderNo())).isEmpty();
        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder(uniqueNo("VC-TOPUP"), tenant, member, "vouchers", String.valueOf(topUp.id), 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the account");
    }

    @Test
    void resentStaleAndBadlySignedNotificationsAreAppliedOnceAndNeverMoveAnOrderBack() {
        var card = product(VoucherCatalog.Type.CARD, 2);
        vouchers().faults().badlySignedNotices.set(1);
        vouchers().faults().duplicateNotices = true;
        vouchers().faults().staleNotices = true;
        int refusedBefore = vouchers().refusedNotices().size();

        var placed = fulfilment.place(new PlaceOrder(uniqueNo("VC-DUP"), tenant, member, "vouchers", String.valueOf(card.id), 3, null, null));

        await(placed.orderNo(), "DELIVERED");
        var atSupplier = vouchers().order(placed.orderNo());
        Awaitility.await("final, duplicate and stale notifications all answered").atMost(Duration.ofSeconds(10))
                .until(() -> atSupplier.noticesAcknowledged.get() == 3);
        assertThat(vouchers().refusedNotices().subList(refusedBefore, vouchers().refusedNotices().size()))
                .as("the badly signed one was refused").anySatisfy(answer -> assertThat(answer).startsWith("400"));
        var order = fulfilment.order(tenant, placed.orderNo()).orElseThrow();
        assertThat(order.state()).as("the stale 'processing' did not move it back").isEqualTo("DELIVERED");
        assertThat(fulfilment.voucherCodes(tenant, member, placed.orderNo())).hasSize(3);
        assertThat(events.of(SupplierOrderDelivered.class)).filteredOn(e -> e.orderNo().equals(placed.orderNo())).hasSize(1);
        assertThat(asTenant(tenant, () -> jdbc.sql("select count(*) from supplier_hub.supplier_notice where order_no = ?").param(placed.orderNo())
                .query(Long.class).single()))
                .as("one success and one stale processing notification recorded; the duplicate was not").isEqualTo(2);
    }

    @Test
    void whenNoNotificationComesTrackingFindsTheResult() {
        var card = product(VoucherCatalog.Type.CARD, 3);
        vouchers().timing().maxNotices = 0;

        var placed = fulfilment.place(new PlaceOrder(uniqueNo("VC-QUIET"), tenant, member, "vouchers", String.valueOf(card.id), 1, null, null));
        await(placed.orderNo(), "CONFIRMED");
        jdbc.sql("update supplier_hub.order_route set next_attempt_at = now() + interval '1 second' where order_no = ?")
                .param(placed.orderNo()).update();

        await(placed.orderNo(), "DELIVERED");
        assertThat(fulfilment.voucherCodes(tenant, member, placed.orderNo())).hasSize(1);
    }

    @Test
    void notificationsThatDoNotVerifyOrNameNoOrderOfOursChangeNothing() throws java.sql.SQLException {
        var secret = VoucherSandbox.Credentials.DEVSTACK.appSecret();
        Map<String, String> unknown = new TreeMap<>(Map.of("order_id", "1", "customer_order_no", "NOT-OURS-1", "order_status", "success",
                "timestamp", beijing(Instant.now())));
        unknown.put("sign", VoucherSandbox.sign(unknown, secret));
        Map<String, String> forged = new TreeMap<>(unknown);
        forged.put("order_status", "failed");
        var json = JsonMapper.builder().build();

        assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), json.writeValueAsString(forged)))
                .isInstanceOf(SupplierException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), json.writeValueAsString(unknown)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOT-OURS-1");
        assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), "{not json"))
                .isInstanceOf(SupplierException.class).satisfies(e -> assertThat(((SupplierException) e).kind()).isEqualTo(SupplierException.Kind.MALFORMED));
        try (var owner = stack().superuserConnection("jifen"); var rs = owner.createStatement()
                .executeQuery("select count(*) from supplier_hub.supplier_notice where order_no = 'NOT-OURS-1'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("of any tenant").isZero();
        }
    }

    @Test
    void storedNotificationsKeepTheBodysDigestAndTheirFieldsWithoutTheCodes() {
        var card = product(VoucherCatalog.Type.CARD, 4);

        var placed = fulfilment.place(new PlaceOrder(uniqueNo("VC-REDACT"), tenant, member, "vouchers", String.valueOf(card.id), 1, null, null));

        await(placed.orderNo(), "DELIVERED");
        var stored = asTenant(tenant, () -> jdbc.sql("select payload, body_sha256 from supplier_hub.supplier_notice where order_no = ?")
                .param(placed.orderNo()).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single());
        var payload = JsonMapper.builder().build().readTree(stored[0]);
        assertThat(payload.path("cards").asString()).as("the codes, encrypted under the app secret, are not kept").isEqualTo("[redacted]");
        assertThat(payload.path("customer_order_no").asString()).isEqualTo(placed.orderNo());
        assertThat(payload.path("order_status").asString()).isEqualTo("success");
        assertThat(stored[1]).matches("[0-9a-f]{64}");
    }

    @Test
    void refusedNotificationsAreLoggedWithoutTheirCodes(CapturedOutput output) {
        var secret = VoucherSandbox.Credentials.DEVSTACK.appSecret();
        String cards = "U0VDUkVULUNBUkRTLUNJUEhFUlRFWFQtMDAwMQ" + Long.toString(System.nanoTime(), 36);
        // "failed": a "success" would have its (made-up) cards decrypted first, and be refused for them.
        Map<String, String> unknown = new TreeMap<>(Map.of("order_id", "2", "customer_order_no", "NOT-OURS-2", "order_status", "failed",
                "timestamp", beijing(Instant.now()), "cards", cards));
        unknown.put("sign", VoucherSandbox.sign(unknown, secret));
        Map<String, String> forged = new TreeMap<>(unknown);
        forged.put("order_id", "3");
        var json = JsonMapper.builder().build();

        assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), json.writeValueAsString(unknown))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), json.writeValueAsString(forged))).isInstanceOf(SupplierException.class);
        assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), "{\"cards\":\"" + cards + "\", not json"))
                .isInstanceOf(SupplierException.class);

        assertThat(output.getAll()).contains("NOT-OURS-2").doesNotContain(cards);
    }

    @Test
    void notificationsOlderThanTheWindowOrFromTheFutureAreRefused() {
        var secret = VoucherSandbox.Credentials.DEVSTACK.appSecret();
        var json = JsonMapper.builder().build();
        for (Duration off : List.of(Duration.ofMinutes(-6), Duration.ofMinutes(6))) {
            Map<String, String> notice = new TreeMap<>(Map.of("order_id", "4", "customer_order_no", "NOT-OURS-4", "order_status", "success",
                    "timestamp", beijing(Instant.now().plus(off))));
            notice.put("sign", VoucherSandbox.sign(notice, secret));

            assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), json.writeValueAsString(notice))).as("%s off", off)
                    .isInstanceOfSatisfying(SupplierException.class, e -> assertThat(e.kind()).isEqualTo(SupplierException.Kind.REFUSED))
                    .hasMessageContaining("timestamp").hasMessageContaining("5 minutes");
        }
        Map<String, String> undated = new TreeMap<>(Map.of("order_id", "4", "customer_order_no", "NOT-OURS-4", "order_status", "success"));
        undated.put("sign", VoucherSandbox.sign(undated, secret));
        assertThatThrownBy(() -> notices.notice("vouchers", Map.of(), json.writeValueAsString(undated)))
                .isInstanceOf(SupplierException.class).hasMessageContaining("timestamp");
    }

    private static String beijing(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai")).format(at);
    }

    /** An on-sale, in-stock product of the type, the n-th such (tests take different ones), loaded into the catalog. */
    private VoucherCatalog.Product product(VoucherCatalog.Type type, int n) {
        var product = vouchers().catalog().products().stream().filter(p -> p.type == type && p.onSale() && p.inStock()).skip(n * 11L)
                .findFirst().orElseThrow();
        inCatalog("vouchers", product.id);
        return product;
    }
}
