package io.jifen.hub.order;

import java.time.Duration;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.hub.HubEvents;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.sync.CatalogSync;

/** What the fulfilment tests share: a tenant and member of their own, and running the worker until an order settles. */
abstract class FulfilmentTest extends HubIntegrationTest {

    @Autowired
    Fulfilment fulfilment;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            if (trackNow) {
                jdbc.sql("update supplier_hub.supplier_order set next_attempt_at = now() where order_no = ? and state in ('CONFIRMED', 'SHIPPED')")
                        .param(orderNo).update();
            }
            fulfilment.pollOrderChanges();
            fulfilment.processDue();
            HubOrder order = fulfilment.order(tenant, orderNo).orElseThrow();
            if (order.state().equals(state)) {
                return order;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("order " + orderNo + " is " + order.state() + ", not " + state + ": " + order);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
