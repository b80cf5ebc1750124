package io.jifen.platform.redemption;

import java.util.UUID;

/**
 * Pays a hub order's goods cost as the order is placed (the tenant's prepaid goods deposit, module billing). Called in
 * the checkout's transaction, before the supplier is asked: a refusal (a {@code DomainException}) rolls the whole order
 * back, and a charge is undone with it when anything after it refuses the order.
 */
public interface HubGoodsFunding {

    /** Pays {@code goodsCostFen} for the order of the current tenant, once per order, or refuses it. */
    void fund(UUID orderId, long goodsCostFen);
}
