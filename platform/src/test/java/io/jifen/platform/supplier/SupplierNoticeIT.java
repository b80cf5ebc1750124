package io.jifen.platform.supplier;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.hub.PlaceOrder;
import io.jifen.hub.SupplierOrders;
import io.jifen.platform.support.CatalogRows;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.sandbox.VoucherSandbox;

import static org.assertj.core.api.Assertions.assertThat;

/** Suppliers' notifications through the platform's HTTP endpoint: no token, a verified signature, applied once. */
class SupplierNoticeIT extends IntegrationTest {

    private static final String PATH = "/api/v1/supplier-notices/vouchers";

    @Autowired
    SupplierOrders fulfilment;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSignedResultIsAppliedOnceAndAnsweredWithTheSuppliersWord() {
        CatalogRows.put(jdbc, "vouchers", "T-1001", "中国移动 北京 话费充值 50元 快充", "中国移动", List.of("直充"), List.of("直充"), "DIRECT_TOP_UP",
                "笔", 4_900, 5_000, 9_999);
        UUID tenant = UUID.randomUUID();
        String orderNo = "PN-" + Long.toString(System.nanoTime(), 36);
        fulfilment.place(new PlaceOrder(orderNo, tenant, UUID.randomUUID(), "vouchers", "T-1001", 1, null, "13800138000"));
        String notice = signed(Map.of("order_id", "77001", "customer_order_no", orderNo, "order_status", "success",
                "recharge_description", "充值成功", "timestamp", now()));

        var first = http().send("POST", PATH, null, "application/json", notice);
        var resent = http().send("POST", PATH, null, "application/json", notice);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("success");
        assertThat(resent.status()).as("a resend is acknowledged too").isEqualTo(200);
        var order = fulfilment.order(tenant, orderNo).orElseThrow();
        assertThat(order.state()).isEqualTo("DELIVERED");
        assertThat(order.supplierOrderId()).isEqualTo("77001");
        assertThat(order.history()).filteredOn(event -> event.text().equals("delivered")).hasSize(1);
    }

    @Test
    void aForgedOrUnknownNotificationIsRefusedWithProblemJson() {
        Map<String, String> unknown = Map.of("order_id", "1", "customer_order_no", "NOBODY-1", "order_status", "success", "timestamp", now());
        var forged = Http.json(Map.of("order_id", "1", "customer_order_no", "NOBODY-1", "order_status", "success", "sign", "0".repeat(32)));

        var badSignature = http().send("POST", PATH, null, "application/json", forged);
        var unknownOrder = http().send("POST", PATH, null, "application/json", signed(unknown));
        var unknownSupplier = http().send("POST", "/api/v1/supplier-notices/nobody", null, "application/json", signed(unknown));
        var garbage = http().send("POST", PATH, null, "application/json", "{not json");

        assertThat(badSignature.status()).isEqualTo(400);
        assertThat(badSignature.contentType()).contains("application/problem+json");
        assertThat(badSignature.json().get("type").asString()).isEqualTo("https://jifen.io/problems/supplier-notice-refused");
        assertThat(unknownOrder.status()).isEqualTo(404);
        assertThat(unknownSupplier.status()).isEqualTo(404);
        assertThat(garbage.status()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnreadWith413NamingTheLimit() {
        String huge = signed(Map.of("order_id", "1", "customer_order_no", "NOBODY-2", "order_status", "success", "timestamp", now(),
                "recharge_description", "x".repeat(70 * 1024)));

        var tooLarge = http().send("POST", PATH, null, "application/json", huge);

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).contains("application/problem+json");
        assertThat(tooLarge.json().get("type").asString()).isEqualTo("https://jifen.io/problems/supplier-notice-too-large");
        assertThat(tooLarge.json().get("detail").asString()).contains("65536 bytes");
    }

    @Test
    void aNotificationOutsideTheTimeWindowIsRefused() {
        String stale = signed(Map.of("order_id", "1", "customer_order_no", "NOBODY-3", "order_status", "success",
                "timestamp", LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusMinutes(30).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))));

        var refused = http().send("POST", PATH, null, "application/json", stale);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("type").asString()).isEqualTo("https://jifen.io/problems/supplier-notice-refused");
        assertThat(refused.json().get("detail").asString()).contains("timestamp");
    }

    private static String signed(Map<String, String> fields) {
        Map<String, String> notice = new TreeMap<>(fields);
        notice.put("sign", VoucherSandbox.sign(notice, VOUCHER_SECRET));
        return Http.json(notice);
    }

    private static String now() {
        return LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }
}
