package io.jifen.hub.internal.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jifen.hub.HubOrder;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.Recipient;
import io.jifen.hub.SupplierOrderFailed;
import io.jifen.sandbox.SandboxCatalog;

/** Orders of physical goods with the Tmall-style sandbox over HTTP, followed by their trade state and the carrier's trace. */
class TmallFulfilmentIT extends FulfilmentTest {

    static final Recipient ADDRESS = new Recipient("王五", "13700137000", 2, 2813, 51976, 0, "浦东新区世纪大道100号");

    @BeforeEach
    void fast() {
        tmall().orders().timing().shipAfter = Duration.ofMillis(200);
        tmall().orders().timing().deliverAfter = Duration.ofMillis(400);
    }

    @Test
    void anOrderIsPaidAtOnceAndFollowedByItsTradeStateAndTraceToDelivery() {
        var item = item(0);

        var placed = fulfilment.place(new PlaceOrder(uniqueNo("TM-OK"), tenant, member, "tmall", String.valueOf(item.id), 1, ADDRESS, null));

        var delivered = await(placed.orderNo(), "DELIVERED", true);
        var trade = tmall().orders().byClientOrderNo(placed.orderNo());
        assertThat(delivered.supplierOrderId()).isEqualTo(String.valueOf(trade.id));
        assertThat(delivered.history()).extracting(HubOrder.Event::text).contains("confirmed", "delivered", "您的订单已妥投，感谢您的购买");
        assertThat(delivered.history()).extracting(HubOrder.Event::text).anySatisfy(text -> assertThat(text).contains(trade.waybill()));
    }

    @Test
    void whenTheAnswerToACreatedTradeIsLostTheRetryFindsItByOurOrderNumber() {
        var item = item(1);
        int before = tmall().orders().duplicates();
        tmall().faults().slowDelay = Duration.ofMillis(2_500);
        tmall().faults().loseAnswers.set(1);
        try {
            var placed = fulfilment.place(new PlaceOrder(uniqueNo("TM-LOST"), tenant, member, "tmall", String.valueOf(item.id), 2, ADDRESS, null));
            // Only the worker placing it calls the supplier until it is accepted, so that its submission is the call that loses its answer.
            awaitAccepted(placed.orderNo());
            var delivered = await(placed.orderNo(), "DELIVERED", true);
            assertThat(delivered.supplierOrderId()).isEqualTo(String.valueOf(tmall().orders().byClientOrderNo(placed.orderNo()).id));
            assertThat(tmall().orders().duplicates()).isEqualTo(before + 1);
        } finally {
            tmall().faults().loseAnswers.set(0);
        }
    }

    @Test
    void anOrderForAnItemOutOfStockFailsForARefund() {
        var soldOut = tmall().catalog().skus().stream().filter(s -> s.listed() && s.stock() == 0).findFirst().orElseThrow();
        inCatalog("tmall", soldOut.id);

        var placed = fulfilment.place(new PlaceOrder(uniqueNo("TM-SOLDOUT"), tenant, member, "tmall", String.valueOf(soldOut.id), 1, ADDRESS, null));

        assertThat(await(placed.orderNo(), "FAILED").failure()).contains("isv.item-quantity-not-enough");
        assertThat(events.of(SupplierOrderFailed.class)).extracting(SupplierOrderFailed::orderNo).contains(placed.orderNo());
    }

    private SandboxCatalog.Sku item(int n) {
        var item = tmall().catalog().skus().stream().filter(s -> s.listed() && s.stock() >= 5).skip(n * 13L).findFirst().orElseThrow();
        inCatalog("tmall", item.id);
        return item;
    }
}
