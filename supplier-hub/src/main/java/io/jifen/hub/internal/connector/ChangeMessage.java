package io.jifen.hub.internal.connector;

/**
 * A change the supplier announced; the hub re-reads the current state rather than trusting the message.
 *
 * @param subject the SKU id (price, listing, product changes) or the supplier's order id (order changes)
 */
public record ChangeMessage(String id, Kind kind, String subject) {

    public enum Kind { PRICE, LISTING, PRODUCT, ORDER, OTHER }
}
