/**
 * The tenant's storefront: its own items (kind, stock, windows, limits), its selection of the supplier hub's SKUs, the
 * price arithmetic of a redemption ({@link io.jifen.platform.mall.Quotes}: pure points, points + cash, tiered deduction,
 * the tier's redemption fee), and the mall's search: own items handed to the hub's index beside the selection, one
 * search for both, and the member-facing listing.
 * Codes: a VOUCHER_CODE item's e-voucher codes ({@link io.jifen.platform.mall.CodeUploads},
 * {@link io.jifen.platform.mall.VoucherCodes}), store-pickup codes ({@link io.jifen.platform.mall.PickupCodes}),
 * low-stock alerts ({@link io.jifen.platform.mall.StockAlerts}) and flash sales ({@link io.jifen.platform.mall.FlashSales}).
 * Orders and their saga are the redemption module's.
 */
package io.jifen.platform.mall;
