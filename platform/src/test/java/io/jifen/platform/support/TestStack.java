package io.jifen.platform.support;

import java.util.EnumSet;

import io.jifen.devstack.DevStack;

/** The one stack of a test JVM: started by the first test that needs it, stopped when the JVM exits. */
public final class TestStack {

    private static DevStack stack;
    private static DevStack hub;

    private TestStack() {
    }

    public static synchronized DevStack get() {
        if (stack == null) {
            // Elasticsearch and the supplier sandboxes only for the tests that need them (hub()): the others run as when they are away.
            stack = DevStack.ephemeral(EnumSet.of(DevStack.Component.POSTGRES, DevStack.Component.KEYCLOAK, DevStack.Component.STRIPE)).start();
        }
        return stack;
    }

    /**
     * Elasticsearch and the supplier sandboxes, started on first use beside the one stack, for the tests that search
     * and order real supplier goods (the journeys); the others run as when the cluster and the suppliers are away.
     */
    public static synchronized DevStack hub() {
        if (hub == null) {
            hub = DevStack.ephemeral(EnumSet.of(DevStack.Component.ELASTICSEARCH, DevStack.Component.SUPPLIER_SANDBOXES)).start();
        }
        return hub;
    }
}
