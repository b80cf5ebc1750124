package io.jifen.platform.redemption;

import java.util.UUID;

/**
 * Whether the operator paused the tenant's mall (billing's dunning: invoices unpaid too long), asked by the checkout
 * before it places an order; members keep earning. Implemented by the platform's billing module.
 */
public interface MallPause {

    /** Refuses with 403 {@code mall-paused} when the tenant's mall is paused. */
    void requireOpen(UUID tenant);
}
