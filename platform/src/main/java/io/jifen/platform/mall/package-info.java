/**
 * The tenant's storefront: its own items (kind, stock, windows, limits) and the price arithmetic of a redemption
 * ({@link io.jifen.platform.mall.Quotes}: pure points, points + cash, tiered deduction, the tier's redemption fee).
 * Codes: a VOUCHER_CODE item's e-voucher codes ({@link io.jifen.platform.mall.CodeUploads},
 * {@link io.jifen.platform.mall.VoucherCodes}), store-pickup codes ({@link io.jifen.platform.mall.PickupCodes}), and
 * low-stock alerts ({@link io.jifen.platform.mall.StockAlerts}).
 * Orders and their saga are the redemption module's.
 */
package io.jifen.platform.mall;
