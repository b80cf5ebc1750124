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
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
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
