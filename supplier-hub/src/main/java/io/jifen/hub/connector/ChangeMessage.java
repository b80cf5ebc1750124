package io.jifen.hub.connector;

/** A change the supplier announced; the hub re-reads the SKU's current state rather than trusting the message. */
public record ChangeMessage(String id, Kind kind, String skuId) {

    public enum Kind { PRICE, LISTING, PRODUCT, OTHER }
}
