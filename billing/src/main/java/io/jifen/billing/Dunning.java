package io.jifen.billing;

import java.util.List;
import java.util.UUID;

/**
 * Unpaid invoices past their due date: the steps of {@code jifen.billing.dunning} (a reminder, a warning, the mall
 * paused, the tenant suspended), each taken once per invoice on its day, and the tenant's standing, which a payment
 * restores at once.
 */
public interface Dunning {

    /** Takes the steps due by today (the application's clock, in the billing zone), once per invoice; answers how many. */
    int runDaily();

    /** The tenant's standing now: one row, cheap enough for the checkout to ask. */
    Standing standing(UUID tenant);

    /** The tenants with unpaid invoices past their due date, longest overdue first. */
    List<OverdueTenant> overdue();
}
