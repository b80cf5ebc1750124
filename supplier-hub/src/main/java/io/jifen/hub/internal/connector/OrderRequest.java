package io.jifen.hub.internal.connector;

import org.jspecify.annotations.Nullable;

import io.jifen.hub.Recipient;

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
}
