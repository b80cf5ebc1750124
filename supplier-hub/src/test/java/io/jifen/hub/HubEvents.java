package io.jifen.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The events the hub published, from any thread, for tests to look at. */
@Component
public class HubEvents {

    private final List<Object> published = new CopyOnWriteArrayList<>();

    @EventListener
    void on(io.jifen.hub.SupplierOrderFailed event) {
        published.add(event);
    }

    @EventListener
    void on(io.jifen.hub.SupplierOrderDelivered event) {
        published.add(event);
    }

    public <T> List<T> of(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
