package io.jifen.billing.internal.dunning;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.DunningActions;
import io.jifen.billing.Standing;

/** A tenant's standing, restored when a payment leaves no invoice overdue long enough to hold it. */
@Component
public class Standings {

    private final DunningStore store;
    private final DunningActions actions;
    private final BillingProperties properties;
    private final Clock clock;

    Standings(DunningStore store, DunningActions actions, BillingProperties properties, Clock clock) {
        this.store = store;
        this.actions = actions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * After a payment, in the tenant's transaction: unpauses the mall and lifts dunning's suspension (never the
     * operator's own) at once, unless another unpaid invoice is still overdue past that step's day.
     */
    public void restoreAfterPayment(UUID tenant) {
        Standing standing = store.standing(tenant);
        if (!standing.mallPaused() && standing.suspendedAt() == null) {
            return;
        }
        standing = store.lockStanding(tenant);
        int overdue = longestOverdue(tenant);
        boolean unpause = standing.mallPaused() && overdue < properties.dunning().pauseDays();
        boolean lift = standing.suspendedAt() != null && overdue < properties.dunning().suspendDays();
        if (!unpause && !lift) {
            return;
        }
        store.save(tenant, new Standing(unpause ? null : standing.mallPausedAt(), lift ? null : standing.suspendedAt()));
        if (lift) {
            actions.reactivate(tenant);
        }
    }

    /** The days the tenant's oldest unpaid invoice is past its due date today (0 for none or not yet due). */
    int longestOverdue(UUID tenant) {
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        List<DunningStore.Unpaid> unpaid = store.unpaid(tenant, properties.zone());
        return unpaid.stream().mapToInt(u -> daysOverdue(u, today)).max().orElse(0);
    }

    int daysOverdue(DunningStore.Unpaid unpaid, LocalDate today) {
        return (int) Math.max(0, ChronoUnit.DAYS.between(dueOn(unpaid), today));
    }

    LocalDate dueOn(DunningStore.Unpaid unpaid) {
        return unpaid.finalizedOn().plusDays(properties.dunning().paymentTermsDays());
    }
}
