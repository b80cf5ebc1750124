package io.jifen.hub.internal.connector;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import io.jifen.hub.Recipient;

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

    /**
     * The SKUs among these that the supplier does not deliver to the recipient's area (JD asks one area per call, so
     * the catalog does not hold this for every province; it is asked at checkout). None, for suppliers without area
     * limits.
     */
    default List<String> undeliverable(List<String> skuIds, Recipient to) {
        return List.of();
    }

    /** Changes the supplier announced since the last acknowledged ones (price, listing state, product), oldest first. */
    List<ChangeMessage> changes();

    /** Tells the supplier a change was applied, so it is not delivered again. */
    void acknowledge(ChangeMessage change);

    /**
     * Places an order. Idempotent on {@link OrderRequest#orderNo()}: placing the same number again (after a time-out,
     * a crash) answers the order placed the first time. Refusals: {@link SupplierException.Kind#PRICE_CHANGED},
     * {@link SupplierException.Kind#SOLD_OUT}, {@link SupplierException.Kind#REFUSED}.
     */
    SupplierOrder submit(OrderRequest order);

    /** Confirms a submitted order (two-phase suppliers hold stock until then); confirming twice is harmless. */
    default void confirm(String supplierOrderId) {
    }

    /** Cancels an order that is not confirmed yet. */
    void cancel(String supplierOrderId);

    /** Where the order stands now, with its tracking and any codes issued (by our order number or the supplier's id). */
    OrderStatus status(String orderNo, String supplierOrderId);

    /** Order changes the supplier announced (delivered, cancelled), whose orders are worth a {@link #status} call now. */
    default List<ChangeMessage> orderChanges() {
        return List.of();
    }

    /**
     * A result the supplier pushed to our callback URL, verified.
     *
     * @param key      what makes the notification itself (e.g. the supplier's order id and the state it reports): the
     *                 same key again is a resent notification, applied once
     * @param sentAt   when the supplier says it sent it (its signed timestamp), for the freshness check
     * @param redacted the notification's fields with any codes redacted ({@link Redaction}): what may be logged and kept
     */
    record Notice(String orderNo, String supplierOrderId, OrderStatus status, String key, java.time.Instant sentAt, String redacted) {
    }

    /**
     * Verifies and reads a notification the supplier sent to our callback URL (suppliers that push results). A bad
     * signature, a malformed body or a missing timestamp is a {@link SupplierException} of kind REFUSED or MALFORMED
     * carrying the payload with its codes redacted; nothing else is thrown, whatever the body.
     */
    default Notice notice(Map<String, String> headers, String body) {
        throw new SupplierException(supplier(), SupplierException.Kind.REFUSED, "this supplier sends no notifications", Redaction.unread(body), null);
    }

    /** What to answer a notification we processed, so the supplier stops resending it. */
    default String noticeAnswer() {
        return "success";
    }

    /** The supplier's statement of a month (Beijing time): every order it bills us for. */
    List<StatementLine> statement(YearMonth month);
}
