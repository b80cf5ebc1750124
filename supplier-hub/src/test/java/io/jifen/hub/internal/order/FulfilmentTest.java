package io.jifen.hub.internal.order;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.hub.HubEvents;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.HubOrder;
import io.jifen.hub.internal.sync.CatalogSync;

/** What the fulfilment tests share: a tenant and member of their own, and running the worker until an order settles. */
abstract class FulfilmentTest extends HubIntegrationTest {

    @Autowired
    Fulfilment fulfilment;
    @Autowired
    NoticeIntake notices;
    @Autowired
    CatalogSync sync;
    @Autowired
    HubEvents events;
    @Autowired
    JdbcClient jdbc;

    final UUID tenant = UUID.randomUUID();
    final UUID member = UUID.randomUUID();
    private int next;

    /** Loads SKUs of a supplier into the hub's catalog, as a sync would. */
    void inCatalog(String supplier, long... skuIds) {
        sync.apply(supplier, java.util.Arrays.stream(skuIds).mapToObj(String::valueOf).toList(), null, true);
    }

    String uniqueNo(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36) + (next++);
    }

    /** Runs the worker (as the schedule would) until the order reaches the state, for at most 20 s. */
    HubOrder await(String orderNo, String state) {
        return await(orderNo, state, false);
    }

    /**
     * As {@link #await(String, String)}; with {@code trackNow}, an order at the supplier is due for its tracking check
     * at once each time (rather than after {@code track-every}), for suppliers that send no order messages.
     */
    HubOrder await(String orderNo, String state, boolean trackNow) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .alias("order " + orderNo + " reaches " + state)
                .until(() -> {
                    if (trackNow) {
                        asTenant(tenant, () -> jdbc.sql("""
                                        update supplier_hub.order_route set next_attempt_at = now()
                                        where order_no = ? and next_attempt_at is not null
                                          and exists (select 1 from supplier_hub.supplier_order o where o.order_no = ? and o.state in ('CONFIRMED', 'SHIPPED'))""")
                                .params(orderNo, orderNo).update());
                    }
                    fulfilment.pollOrderChanges();
                    fulfilment.processDue();
                    return fulfilment.order(tenant, orderNo).orElseThrow();
                }, order -> order.state().equals(state));
    }

    /** Waits, without running the worker, until the supplier has accepted the order (the worker that placed it got through). */
    void awaitAccepted(String orderNo) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> fulfilment.order(tenant, orderNo).orElseThrow().supplierOrderId() != null);
    }
}
