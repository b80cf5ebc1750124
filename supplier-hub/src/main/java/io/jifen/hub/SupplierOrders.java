package io.jifen.hub;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Places members' redemptions with suppliers and follows them to delivery. An order is stored at once (nothing
 * acknowledged is lost) and then got accepted, confirmed and tracked by the hub's workers; {@link SupplierOrderDelivered}
 * or {@link SupplierOrderFailed} (refund the redemption) is published when it ends. Placing is idempotent on the order
 * number, here and at the supplier.
 */
public interface SupplierOrders {

    /**
     * Accepts an order and starts on it; answers at once with the order as stored (PENDING when new). The same order
     * placed again answers the stored one; a different order under a used number is an {@link OrderConflict}. Bad
     * input (an unknown or unlisted SKU, a missing recipient or account) is an {@link IllegalArgumentException} and
     * stores nothing.
     */
    HubOrder place(PlaceOrder order);

    /**
     * Whether the supplier delivers the SKU to the recipient's area, as the supplier says now (for the mall's checkout;
     * {@link #place} asks too). When the supplier cannot be asked, true: its answer to the order will tell.
     */
    boolean deliverable(String supplier, String skuId, Recipient to);

    /** The tenant's order, with its history; empty if there is none (or it is another tenant's). */
    Optional<HubOrder> order(UUID tenant, String orderNo);

    /**
     * Where the tenant's order goes (recipient or account), decrypted; empty if the tenant has no such order. For the
     * tenant's own staff, or for the member who placed the order: the caller checks {@link HubOrder#memberId()} before
     * showing it to a member.
     */
    Optional<OrderDelivery> delivery(UUID tenant, String orderNo);

    /**
     * The codes of an e-voucher order, decrypted, for the member who owns the order; empty if the order is not theirs
     * (or has no codes yet).
     */
    List<VoucherCode> voucherCodes(UUID tenant, UUID member, String orderNo);
}
