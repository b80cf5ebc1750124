package io.jifen.hub.internal.connector;

/**
 * A supplier call that did not give a usable answer. {@link #retryable()} failures (time-outs, rate limits, server
 * errors, garbled answers) are worth retrying later; the others (a refused request, unknown SKUs) are not. The
 * supplier's own payload is kept for the log.
 */
public class SupplierException extends RuntimeException {

    public enum Kind {
        RATE_LIMITED, UNAVAILABLE, MALFORMED, AUTHENTICATION,
        /** The supplier refused the request for good (bad parameters, unknown SKU or order, bad signature). */
        REFUSED,
        /** An order was refused because the supplier's price is not the one we stated. */
        PRICE_CHANGED,
        /** An order was refused because the SKU is out of stock, off sale or not delivered to the address. */
        SOLD_OUT
    }

    private final String supplier;
    private final Kind kind;
    private final String payload;

    public SupplierException(String supplier, Kind kind, String message, String payload, Throwable cause) {
        super(supplier + ": " + message, cause);
        this.supplier = supplier;
        this.kind = kind;
        this.payload = payload;
    }

    public String supplier() {
        return supplier;
    }

    public Kind kind() {
        return kind;
    }

    /** The supplier's answer as received (cut to 2,000 characters, e-voucher codes redacted), or null if there was none. */
    public String payload() {
        return payload;
    }

    public boolean retryable() {
        return kind != Kind.REFUSED && kind != Kind.PRICE_CHANGED && kind != Kind.SOLD_OUT;
    }
}
