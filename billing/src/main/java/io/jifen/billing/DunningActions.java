package io.jifen.billing;

import java.util.UUID;

/**
 * What dunning asks of the embedding application (a port): telling a tenant's admins, and suspending and reactivating
 * the tenant as the operator's own suspension does.
 */
public interface DunningActions {

    /** Tells the tenant's admins of the step (a mail); answers whether it was sent (false: recorded only). */
    boolean tellAdmins(DunningNotice notice);

    /** Suspends the tenant; answers false if it was suspended already (then it is not dunning's to lift). */
    boolean suspend(UUID tenant);

    /** Lifts the tenant's suspension (dunning's own: billing asks only for a suspension it made). */
    void reactivate(UUID tenant);
}
