package io.jifen.hub.connector;

import java.util.List;

/**
 * One supplier protocol (JD VOP, Tmall, an e-voucher aggregator): what the hub needs of a supplier, in the hub's own
 * terms. Implementations speak the supplier's API over HTTP, keep its credentials fresh, honour its rate limits and
 * turn its answers into these records, refusing what is malformed ({@link SupplierException}).
 */
public interface SupplierConnector {

    /** The supplier's id in the hub ("jd", "tmall", ...). */
    String supplier();

    /** How many SKUs {@link #details}, {@link #prices} and {@link #stock} take per call. */
    int batchLimit();

    /** Every SKU id the supplier grants us (its product pools), in a stable order. */
    List<String> skuIds();

    /** The products behind up to {@link #batchLimit()} SKU ids; an id the supplier does not know is left out. */
    List<SupplierSku> details(List<String> skuIds);

    /** Current prices of up to {@link #batchLimit()} SKUs. */
    List<SupplierPrice> prices(List<String> skuIds);

    /** Current stock of up to {@link #batchLimit()} SKUs for delivery to a province (the supplier's id for it). */
    List<SupplierStock> stock(List<String> skuIds, int province);

    /** Changes the supplier announced since the last acknowledged ones (price, listing state, product), oldest first. */
    List<ChangeMessage> changes();

    /** Tells the supplier a change was applied, so it is not delivered again. */
    void acknowledge(ChangeMessage change);
}
