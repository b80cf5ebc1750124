package io.jifen.platform.mall;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Test listener (picked up by the component scan from the test classpath) that keeps the mall's events heard after
 * their transactions committed, so a test can count them per tenant.
 */
@Component
class MallEventsHeard {

    private final List<Object> heard = new CopyOnWriteArrayList<>();

    @TransactionalEventListener
    void on(ItemStockLow event) {
        heard.add(event);
    }

    @TransactionalEventListener
    void on(PickupVerified event) {
        heard.add(event);
    }

    List<ItemStockLow> stockLow(UUID tenant) {
        return heard.stream().filter(ItemStockLow.class::isInstance).map(ItemStockLow.class::cast).filter(e -> e.tenantId().equals(tenant)).toList();
    }

    List<PickupVerified> pickups(UUID tenant) {
        return heard.stream().filter(PickupVerified.class::isInstance).map(PickupVerified.class::cast).filter(e -> e.tenantId().equals(tenant)).toList();
    }
}
