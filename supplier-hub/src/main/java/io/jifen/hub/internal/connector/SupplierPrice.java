package io.jifen.hub.internal.connector;

/** What a SKU costs us ({@code costFen}, the supplier's price to us) and what it sells for in the market, in fen. */
public record SupplierPrice(String skuId, long costFen, long marketFen) {
}
