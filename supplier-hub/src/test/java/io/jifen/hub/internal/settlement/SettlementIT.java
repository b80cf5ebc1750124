package io.jifen.hub.internal.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.Recipient;
import io.jifen.hub.Settlement;
import io.jifen.hub.SupplierSettlements;
import io.jifen.hub.internal.order.Fulfilment;
import io.jifen.hub.internal.sync.CatalogSync;

/** The monthly settlement against the JD sandbox's statement, with the billing errors suppliers make. */
class SettlementIT extends HubIntegrationTest {

    static final Recipient ADDRESS = new Recipient("李四", "13900139000", 1, 72, 2799, 0, "海淀区中关村大街1号");

    @Autowired
    SupplierSettlements settlements;
    @Autowired
    Fulfilment fulfilment;
    @Autowired
    CatalogSync sync;
    @Autowired
    JdbcClient jdbc;

    final UUID tenant = UUID.randomUUID();

    @Test
    void ourDeliveredOrdersAndTheSuppliersStatementAreMatchedLineByLine() {
        jd().orders().timing().deliverAfter = Duration.ofMillis(200);
        jd().orders().timing().shipAfter = Duration.ofMillis(100);
        var sku = jd().catalog().skus().stream().filter(s -> s.listed() && s.stock() >= 5 && !s.restrictedProvinces.contains(1)).skip(40)
                .findFirst().orElseThrow();
        sync.apply("jd", java.util.List.of(String.valueOf(sku.id)), null, true);
        String run = Long.toString(System.nanoTime(), 36);
        String matched = "ST-OK-" + run, overcharged = "ST-OVER-" + run, leftOff = "ST-OFF-" + run, twice = "ST-TWICE-" + run,
                refunded = "ST-FAILED-" + run, outside = "ST-OUTSIDE-" + run;
        for (String orderNo : new String[] {matched, overcharged, leftOff, twice, refunded}) {
            fulfilment.place(new PlaceOrder(orderNo, tenant, UUID.randomUUID(), "jd", String.valueOf(sku.id), 1, ADDRESS, null));
        }
        for (String orderNo : new String[] {matched, overcharged, leftOff, twice, refunded}) {
            await(orderNo);
        }
        jd().orders().overcharge(overcharged, 100);
        jd().orders().leaveOff(leftOff);
        jd().orders().billTwice(twice);
        jd().orders().placeOutside(outside, sku.id, 1, sku.costFen());
        // We hold this one as failed (and refunded the member), yet JD bills it.
        asTenant(tenant, () -> jdbc.sql("update supplier_hub.supplier_order set state = 'FAILED', failure = 'test: marked failed' where order_no = ?")
                .param(refunded).update());
        var month = YearMonth.from(fulfilment.order(tenant, matched).orElseThrow().deliveredAt().atZone(ZoneId.of("Asia/Shanghai")));
        awaitDelivered(outside);

        Settlement settlement = settlements.settle("jd", month, Instant.now());

        Map<String, String> outcomes = settlements.items(settlement.id(), null, 0, 10_000).stream()
                .filter(item -> item.orderNo().endsWith(run))
                .collect(Collectors.toMap(item -> item.orderNo() + (item.outcome().equals("DUPLICATE") ? "#2" : ""), Settlement.Item::outcome));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(
                matched, "MATCHED",
                overcharged, "PRICE_MISMATCH",
                leftOff, "MISSING_AT_SUPPLIER",
                twice, "MATCHED",
                twice + "#2", "DUPLICATE",
                refunded, "STATE_MISMATCH",
                outside, "MISSING_AT_HUB"));
        assertThat(settlement.completedAt()).isNotNull();
        assertThat(settlement.priceMismatches()).isPositive();
        var items = settlements.items(settlement.id(), null, 0, 100_000);
        assertThat(settlement.matched() + settlement.priceMismatches() + settlement.stateMismatches() + settlement.duplicates()
                + settlement.missingAtSupplier() + settlement.missingAtHub()).isEqualTo(items.size());
        long unit = sku.costFen();
        assertThat(settlement.costs()).filteredOn(cost -> cost.tenantId().equals(tenant)).singleElement().satisfies(cost -> {
            assertThat(cost.orders()).as("matched, overcharged and the first of the twice-billed").isEqualTo(3);
            assertThat(cost.costFen()).isEqualTo(3 * unit + 100);
        });
        assertThat(settlements.items(settlement.id(), "MISSING_AT_HUB", 0, 100)).extracting(Settlement.Item::orderNo).contains(outside);
        assertThat(settlements.runs("jd", 10)).extracting(Settlement::id).contains(settlement.id());
    }

    @Test
    void theVoucherAggregatorsStatementSettlesToo() {
        vouchers().timing().resultAfter = Duration.ofMillis(50);
        var card = vouchers().catalog().products().stream().filter(p -> p.type == io.jifen.sandbox.VoucherCatalog.Type.CARD && p.onSale()
                && p.inStock()).skip(60).findFirst().orElseThrow();
        sync.apply("vouchers", java.util.List.of(String.valueOf(card.id)), null, true);
        String orderNo = "ST-VC-" + Long.toString(System.nanoTime(), 36);
        fulfilment.place(new PlaceOrder(orderNo, tenant, UUID.randomUUID(), "vouchers", String.valueOf(card.id), 2, null, null));
        await(orderNo);
        var month = YearMonth.from(fulfilment.order(tenant, orderNo).orElseThrow().deliveredAt().atZone(ZoneId.of("Asia/Shanghai")));

        Settlement settlement = settlements.settle("vouchers", month, Instant.now());

        assertThat(settlements.items(settlement.id(), null, 0, 10_000)).filteredOn(item -> item.orderNo().equals(orderNo))
                .singleElement().satisfies(item -> {
                    assertThat(item.outcome()).isEqualTo("MATCHED");
                    assertThat(item.supplierTotalFen()).isEqualTo(2 * card.priceFen());
                });
    }

    @Test
    void aStatementThatDoesNotReadFailsTheSettlementAndStoresNothing() {
        int before = settlements.runs("jd", 1_000).size();
        jd().faults().malformedRate = 1;
        try {
            assertThatThrownBy(() -> settlements.settle("jd", YearMonth.of(2026, 1), Instant.now()))
                    .isInstanceOf(SupplierSettlements.SettlementFailed.class).hasMessageContaining("malformed");
        } finally {
            jd().faults().malformedRate = 0;
        }
        assertThat(settlements.runs("jd", 1_000)).hasSize(before);
        assertThatThrownBy(() -> settlements.items(1, "LOST", 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private void await(String orderNo) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            fulfilment.pollOrderChanges();
            fulfilment.processDue();
            return fulfilment.order(tenant, orderNo).orElseThrow().state();
        }, "DELIVERED"::equals);
    }

    private static void awaitDelivered(String outsideOrderNo) {
        var order = jd().orders().byClientOrderNo(outsideOrderNo);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jd().orders().deliveredAt(order) != null);
    }
}
