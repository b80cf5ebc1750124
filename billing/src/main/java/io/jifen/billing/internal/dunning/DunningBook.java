package io.jifen.billing.internal.dunning;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.Dunning;
import io.jifen.billing.DunningActions;
import io.jifen.billing.DunningNotice;
import io.jifen.billing.DunningStep;
import io.jifen.billing.OverdueTenant;
import io.jifen.billing.Standing;
import io.jifen.billing.internal.tenancy.BillingTenants;
import io.jifen.billing.internal.tenancy.TenantScope;

/**
 * The daily dunning run: for each unpaid invoice, each step whose day has come is recorded once (its notice's primary
 * key) and taken: the admins are told, the mall paused, the tenant suspended through {@link DunningActions}. Tenant by
 * tenant, each in its own transaction.
 */
@Service
class DunningBook implements Dunning {

    private static final Logger log = LoggerFactory.getLogger(DunningBook.class);

    private final DunningStore store;
    private final Standings standings;
    private final DunningActions actions;
    private final BillingTenants tenants;
    private final TenantScope scope;
    private final BillingProperties properties;
    private final Clock clock;

    DunningBook(DunningStore store, Standings standings, DunningActions actions, BillingTenants tenants, TenantScope scope, BillingProperties properties,
                Clock clock) {
        this.store = store;
        this.standings = standings;
        this.actions = actions;
        this.tenants = tenants;
        this.scope = scope;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${jifen.billing.schedule.dunning:0 0 9 * * *}", zone = "${jifen.billing.zone:Asia/Shanghai}")
    void daily() {
        int steps = runDaily();
        if (steps > 0) {
            log.info("dunning took {} steps", steps);
        }
    }

    @Override
    public int runDaily() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, properties.zone());
        int taken = 0;
        for (UUID tenant : tenants.all()) {
            try {
                taken += scope.call(tenant, () -> steps(tenant, today, now));
            } catch (RuntimeException e) {
                log.error("dunning of tenant {} failed; tried again on the next run", tenant, e);
            }
        }
        return taken;
    }

    private int steps(UUID tenant, LocalDate today, Instant now) {
        int taken = 0;
        for (DunningStore.Unpaid unpaid : store.unpaid(tenant, properties.zone())) {
            int days = standings.daysOverdue(unpaid, today);
            for (DunningStep step : DunningStep.values()) {
                if (days < properties.dunning().daysOf(step) || !store.record(tenant, unpaid.invoiceId(), step, days, now)) {
                    continue;
                }
                taken++;
                take(tenant, unpaid, step, days, now);
            }
        }
        return taken;
    }

    private void take(UUID tenant, DunningStore.Unpaid unpaid, DunningStep step, int days, Instant now) {
        if (step == DunningStep.MALL_PAUSED || step == DunningStep.SUSPENDED) {
            Standing standing = store.lockStanding(tenant);
            if (step == DunningStep.MALL_PAUSED && !standing.mallPaused()) {
                store.save(tenant, new Standing(now, standing.suspendedAt()));
            }
            if (step == DunningStep.SUSPENDED && standing.suspendedAt() == null && actions.suspend(tenant)) {
                store.save(tenant, new Standing(store.standing(tenant).mallPausedAt(), now));
            }
        }
        boolean mailed;
        try {
            mailed = actions.tellAdmins(new DunningNotice(tenant, unpaid.invoiceId(), unpaid.number(), step, unpaid.amountDueFen(),
                    standings.dueOn(unpaid), days, unpaid.hostedInvoiceUrl()));
        } catch (RuntimeException e) {
            log.warn("dunning notice {} of invoice {} not mailed: {}", step, unpaid.number(), e.toString());
            mailed = false;
        }
        if (mailed) {
            store.mailed(tenant, unpaid.invoiceId(), step);
        }
        log.info("dunning: tenant {} invoice {} {} days overdue: {}", tenant, unpaid.number(), days, step);
    }

    @Override
    public Standing standing(UUID tenant) {
        return scope.call(tenant, () -> store.standing(tenant));
    }

    @Override
    public List<OverdueTenant> overdue() {
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        List<Optional<OverdueTenant>> all = scope.acrossTenants(tenants.all(), tenant -> {
            List<DunningStore.Unpaid> unpaid = new ArrayList<>(store.unpaid(tenant, properties.zone()).stream()
                    .filter(u -> standings.daysOverdue(u, today) > 0).toList());
            if (unpaid.isEmpty()) {
                return Optional.<OverdueTenant>empty();
            }
            DunningStore.Unpaid oldest = unpaid.getFirst();
            return Optional.of(new OverdueTenant(tenant, unpaid.size(), unpaid.stream().mapToLong(DunningStore.Unpaid::amountDueFen).sum(),
                    standings.dueOn(oldest), standings.daysOverdue(oldest, today), store.lastStep(tenant).orElse(null), store.standing(tenant)));
        });
        return all.stream().flatMap(Optional::stream).sorted(Comparator.comparingInt(OverdueTenant::daysOverdue).reversed()).toList();
    }
}
