package io.jifen.hub;

import java.util.Map;

/**
 * Results suppliers push to us (e-voucher codes issued, top-ups done or failed), signed by the supplier and verified by
 * its connector. The embedding application serves them at {@link #PATH} followed by the supplier's id, without a
 * token (the hub contributes a {@link PublicPaths} bean saying so).
 */
public interface SupplierNotices {

    /** Where the embedding application receives suppliers' notifications, followed by the supplier's id. */
    String PATH = "/api/v1/supplier-notices/";

    /**
     * Verifies a supplier's notification and applies it once (a resend is answered without being applied again);
     * answers what the supplier expects to hear back. A notification that does not verify or read is {@link Refused};
     * one about an order we do not have is an {@link UnknownOrder}; neither changes anything.
     */
    String receive(String supplier, Map<String, String> headers, String body);

    /** The notification's signature does not verify, or its body does not read. */
    final class Refused extends RuntimeException {
        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The notification is about an order the hub does not have (of that supplier). */
    final class UnknownOrder extends RuntimeException {
        public UnknownOrder(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
