package io.jifen.hub.connector;

import org.jspecify.annotations.Nullable;

/**
 * An order of one SKU line, placed under our own order number, which the supplier keeps as its idempotency key.
 *
 * @param unitCostFen the price we expect to pay per unit (the catalog's cost); a supplier whose price differs refuses
 *                    the order with {@link SupplierException.Kind#PRICE_CHANGED}
 * @param recipient   where physical goods go; null for codes and top-ups
 * @param account     the account a top-up is credited to (a mobile number, a fuel card); null otherwise
 */
public record OrderRequest(String orderNo, String skuId, int quantity, long unitCostFen, @Nullable Recipient recipient,
                           @Nullable String account) {

    /** A delivery address; province, city, county and town are the supplier's area ids (JD's numbering). */
    public record Recipient(String name, String mobile, int province, int city, int county, int town, String address) {
    }
}
