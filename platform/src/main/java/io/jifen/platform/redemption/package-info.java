/**
 * Members' redemptions: the order and its saga. An order is placed idempotently by the member's key: the price quoted
 * (module mall), a per-member limit taken, the item's stock reserved and the points held (module ledger) in one
 * transaction; the cash part is paid through the payment port; then the hold is captured, the order fulfilled (hub
 * order, voucher codes, pickup code, shipment) and closed, or cancelled and refunded exactly once.
 */
package io.jifen.platform.redemption;
