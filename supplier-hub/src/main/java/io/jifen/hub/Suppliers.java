package io.jifen.hub;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.jifen.hub.connector.SupplierConnector;

/** The connected suppliers, by id. */
public final class Suppliers {

    private final Map<String, SupplierConnector> byId;

    Suppliers(List<SupplierConnector> connectors) {
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

    public java.util.Set<String> ids() {
        return byId.keySet();
    }
}
