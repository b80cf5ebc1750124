package io.jifen.hub.internal.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.hub.HubOrder;
import io.jifen.hub.OrderConflict;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.Recipient;
import io.jifen.hub.SupplierOrderDelivered;
import io.jifen.hub.SupplierOrderFailed;
import io.jifen.sandbox.SandboxCatalog;

/** Orders placed with the JD sandbox over HTTP and followed to delivery, including the ways it goes wrong. */
class JdFulfilmentIT extends FulfilmentTest {

    static final Recipient ADDRESS = new Recipient("张三", "13800138000", 1, 72, 2799, 0, "朝阳区建国路88号");

    @BeforeEach
    void fast() {
        jd().orders().timing().shipAfter = Duration.ofMillis(300);
        jd().orders().timing().deliverAfter = Duration.ofMillis(600);
    }

    @Test
    void anOrderIsAcceptedConfirmedAndFollowedToDeliveryByJdsMessages() {
        var sku = inCatalog(deliverable(0));

        HubOrder placed = fulfilment.place(order("JD-OK", sku, 2));

        assertThat(placed.state()).isEqualTo("PENDING");
        HubOrder delivered = await(placed.orderNo(), "DELIVERED");
        var atJd = jd().orders().byClientOrderNo(placed.orderNo());
        assertThat(delivered.supplierOrderId()).isEqualTo(String.valueOf(atJd.id));
        assertThat(atJd.quantity).isEqualTo(2);
        assertThat(delivered.unitCostFen()).isEqualTo(sku.costFen());
        assertThat(delivered.history()).extracting(HubOrder.Event::text)
                .contains("order accepted", "accepted by jd as " + atJd.id, "confirmed", "delivered", "您的订单已妥投，感谢您的购买");
        assertThat(events.of(SupplierOrderDelivered.class)).extracting(SupplierOrderDelivered::orderNo).contains(placed.orderNo());
        assertThat(fulfilment.order(UUID.randomUUID(), placed.orderNo())).as("another tenant does not see it").isEmpty();
    }

    @Test
    void placingTheSameOrderAgainAnswersTheFirstAndADifferentOrderUnderItsNumberIsAConflict() {
        var sku = inCatalog(deliverable(1));
        var order = order("JD-AGAIN", sku, 1);

        var first = fulfilment.place(order);
        var again = fulfilment.place(order);

        assertThat(again.orderNo()).isEqualTo(first.orderNo());
        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder(order.orderNo(), tenant, member, "jd", order.skuId(), 3, ADDRESS, null)))
                .isInstanceOf(OrderConflict.class);
        await(first.orderNo(), "DELIVERED");
        assertThat(count(first.orderNo())).isEqualTo(1);
    }

    @Test
    void whenJdTookTheOrderButItsAnswerWasLostTheRetryFindsTheFirstOrderInsteadOfPlacingASecond() {
        var sku = inCatalog(deliverable(2));
        jd().faults().slowDelay = Duration.ofMillis(2_500);
        int duplicatesBefore = jd().orders().duplicates();
        jd().faults().loseAnswersOf = "/api/order/submitOrder";
        jd().faults().loseAnswers.set(1);
        try {
            var placed = fulfilment.place(order("JD-LOST", sku, 1));
            var delivered = await(placed.orderNo(), "DELIVERED");
            assertThat(delivered.supplierOrderId()).isEqualTo(String.valueOf(jd().orders().byClientOrderNo(placed.orderNo()).id));
            assertThat(jd().orders().duplicates()).as("the retry was refused as a duplicate").isEqualTo(duplicatesBefore + 1);
        } finally {
            jd().faults().loseAnswers.set(0);
            jd().faults().loseAnswersOf = null;
        }
    }

    @Test
    void aPriceRiseWithinTheToleranceIsAcceptedAndOneBeyondItFailsTheOrderForARefund() {
        var small = inCatalog(deliverable(3));
        var large = inCatalog(deliverable(4));
        long smallBefore = small.costFen();
        jd().catalog().setPrices(small.id, smallBefore * 103 / 100, small.marketFen());
        jd().catalog().setPrices(large.id, large.costFen() * 120 / 100, large.marketFen());

        var placedSmall = fulfilment.place(order("JD-RISE-SMALL", small, 1));
        var placedLarge = fulfilment.place(order("JD-RISE-LARGE", large, 1));

        var accepted = await(placedSmall.orderNo(), "DELIVERED");
        assertThat(accepted.unitCostFen()).isEqualTo(smallBefore * 103 / 100);
        var failed = await(placedLarge.orderNo(), "FAILED");
        assertThat(failed.failure()).contains("beyond the tolerance of 5 %");
        assertThat(events.of(SupplierOrderFailed.class)).filteredOn(e -> e.orderNo().equals(placedLarge.orderNo()))
                .singleElement().satisfies(e -> {
                    assertThat(e.tenantId()).isEqualTo(tenant);
                    assertThat(e.memberId()).isEqualTo(member);
                });
        assertThat(jd().orders().byClientOrderNo(placedLarge.orderNo())).as("nothing placed at JD").isNull();
    }

    @Test
    void anOrderForASoldOutSkuFailsAtOnce() {
        var soldOut = jd().catalog().skus().stream().filter(s -> s.listed() && s.stock() == 0).findFirst().orElseThrow();
        inCatalog(soldOut);

        var placed = fulfilment.place(order("JD-SOLDOUT", soldOut, 1));

        var failed = await(placed.orderNo(), "FAILED");
        assertThat(failed.failure()).contains("3009");
        assertThat(failed.attempts()).isEqualTo(1);
    }

    @Test
    void anOrderToAnAreaTheSupplierDoesNotDeliverToIsRefusedBeforeItIsPlaced() {
        var remote = jd().catalog().skus().stream().filter(s -> s.listed() && s.stock() >= 5 && s.restrictedProvinces.contains(26)).findFirst()
                .orElseThrow();
        inCatalog(remote);
        var tibet = new Recipient("扎西", "13800138001", 26, 2951, 3907, 0, "城关区北京中路1号");

        assertThat(fulfilment.deliverable("jd", String.valueOf(remote.id), tibet)).isFalse();
        assertThat(fulfilment.deliverable("jd", String.valueOf(remote.id), ADDRESS)).isTrue();
        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder(uniqueNo("JD-AREA"), tenant, member, "jd", String.valueOf(remote.id), 1, tibet, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not delivered to province 26");
        var stored = sync.apply("jd", java.util.List.of(String.valueOf(remote.id)), null, false).getFirst();
        assertThat(stored.attributes()).as("the catalog keeps the supplier's attributes").containsEntry("条形码", remote.upc);
    }

    @Test
    void badOrdersAreRefusedAndStoreNothing() {
        var sku = inCatalog(deliverable(5));

        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder(uniqueNo("JD-BAD"), tenant, member, "jd", "999", 1, ADDRESS, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no SKU 999");
        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder(uniqueNo("JD-BAD"), tenant, member, "jd", String.valueOf(sku.id), 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a recipient");
        var noMobile = new Recipient("张三", "12345", 1, 72, 2799, 0, "朝阳区");
        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder(uniqueNo("JD-BAD"), tenant, member, "jd", String.valueOf(sku.id), 1, noMobile, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mobile");
        assertThatThrownBy(() -> fulfilment.place(new PlaceOrder("bad no!", tenant, member, "jd", String.valueOf(sku.id), 1, ADDRESS, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderNo");
        assertThat(asTenant(tenant, () -> jdbc.sql("select count(*) from supplier_hub.supplier_order where tenant_id = ?").param(tenant)
                .query(Long.class).single())).isZero();
    }

    @Test
    void anOrderClaimedByAWorkerIsNotTakenByAnotherUntilItsLeaseEnds(@Autowired SupplierOrderStore store) {
        var sku = inCatalog(deliverable(6));
        var order = order("JD-LEASE", sku, 1);
        asTenant(tenant, () -> store.insert(order, new byte[] {1}, "x", sku.costFen()));

        assertThat(store.claim(order.orderNo(), 1, Duration.ofMinutes(1))).hasSize(1);
        assertThat(store.claim(order.orderNo(), 1, Duration.ofMinutes(1))).as("leased").isEmpty();
        jdbc.sql("update supplier_hub.order_route set next_attempt_at = now() - interval '1 second' where order_no = ?")
                .param(order.orderNo()).update();
        assertThat(store.claim(order.orderNo(), 1, Duration.ofMinutes(1))).as("the lease ran out: a crashed worker's order is taken up")
                .singleElement().extracting(SupplierOrderStore.Row::attempts).isEqualTo(2);
    }

    /** A listed SKU with stock, delivered to Beijing, the n-th such from the end (tests take different ones). */
    private static SandboxCatalog.Sku deliverable(int n) {
        var skus = jd().catalog().skus();
        return skus.reversed().stream().filter(s -> s.listed() && s.stock() >= 5 && !s.restrictedProvinces.contains(1)).skip(n * 7L)
                .findFirst().orElseThrow();
    }

    private SandboxCatalog.Sku inCatalog(SandboxCatalog.Sku sku) {
        inCatalog("jd", sku.id);
        return sku;
    }

    private PlaceOrder order(String prefix, SandboxCatalog.Sku sku, int quantity) {
        return new PlaceOrder(uniqueNo(prefix), tenant, member, "jd", String.valueOf(sku.id), quantity, ADDRESS, null);
    }

    private long count(String orderNo) {
        return jd().orders().byClientOrderNo(orderNo) == null ? 0 : 1;
    }
}
