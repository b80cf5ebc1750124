/**
 * The tenant's storefront: its own items (kind, stock, windows, limits) and the price arithmetic of a redemption
 * ({@link io.jifen.platform.mall.Quotes}: pure points, points + cash, tiered deduction, the tier's redemption fee).
 * Orders and their saga are the redemption module's.
 */
package io.jifen.platform.mall;
