package io.jifen.hub.internal.connector;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.jifen.hub.Suppliers;

/** The connected suppliers' connectors, by supplier id. */
public final class Connectors implements Suppliers {

    private final Map<String, SupplierConnector> byId;

    Connectors(List<SupplierConnector> connectors) {
        this.byId = connectors.stream().collect(Collectors.toUnmodifiableMap(SupplierConnector::supplier, Function.identity()));
    }

    /** The connector of a supplier; an {@link IllegalArgumentException} if it is not connected. */
    public SupplierConnector get(String supplier) {
        SupplierConnector connector = byId.get(supplier);
        if (connector == null) {
            throw new IllegalArgumentException("supplier " + supplier + " is not connected (connected: " + byId.keySet() + ")");
        }
        return connector;
    }

    @Override
    public Set<String> ids() {
        return byId.keySet();
    }
}
