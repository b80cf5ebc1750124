package io.jifen.hub.internal.schedule;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import io.jifen.hub.CatalogSyncs;
import io.jifen.hub.HubProperties;
import io.jifen.hub.SupplierSettlements;
import io.jifen.hub.Suppliers;
import io.jifen.hub.internal.search.IndexBacklog;
import io.jifen.hub.internal.search.ItemBacklog;

/**
 * Runs the hub's jobs for every connected supplier on their schedules ({@code jifen.hub.schedule}, UTC; "-" turns one
 * off): the catalog's change messages every minute, a full catalog sync nightly, the search documents queued while
 * Elasticsearch was down every 30 seconds, and on the 3rd of each month the settlement of the month before (Beijing
 * time). Every instance fires them; a run's parameters are the firing minute, so the job repository lets one instance
 * run each. Takes effect where the embedding application enables scheduling.
 */
@Component
class HubSchedules implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(HubSchedules.class);

    private final CatalogSyncs syncs;
    private final SupplierSettlements settlements;
    private final IndexBacklog backlog;
    private final ItemBacklog items;
    private final Suppliers suppliers;
    private final HubProperties.Schedule schedule;

    HubSchedules(CatalogSyncs syncs, SupplierSettlements settlements, IndexBacklog backlog, ItemBacklog items, Suppliers suppliers,
                 HubProperties properties) {
        this.backlog = backlog;
        this.items = items;
        this.syncs = syncs;
        this.settlements = settlements;
        this.suppliers = suppliers;
        this.schedule = properties.schedule();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        add(registrar, schedule.changes(), this::applyChanges);
        add(registrar, schedule.fullSync(), this::fullSync);
        add(registrar, schedule.indexBacklog(), this::drainIndexBacklog);
        add(registrar, schedule.settlement(), this::settle);
    }

    private static void add(ScheduledTaskRegistrar registrar, String cron, Runnable task) {
        if (!HubProperties.Schedule.OFF.equals(cron)) {
            registrar.addCronTask(new CronTask(task, new CronTrigger(cron, ZoneOffset.UTC)));
        }
    }

    void applyChanges() {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        suppliers.ids().forEach(supplier -> run("changes", supplier, () -> syncs.applyChanges(supplier, asOf)));
    }

    void fullSync() {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        suppliers.ids().forEach(supplier -> run("full sync", supplier, () -> syncs.fullSync(supplier, asOf)));
    }

    /** Writes search documents that could not be written when their change committed (Elasticsearch was down). */
    void drainIndexBacklog() {
        int written;
        do {
            written = backlog.drain(1_000);
        } while (written == 1_000);
        do {
            written = items.drain(1_000);
        } while (written == 1_000);
    }

    void settle() {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        YearMonth previous = YearMonth.now(ZoneId.of("Asia/Shanghai")).minusMonths(1);
        for (String supplier : suppliers.ids()) {
            try {
                var settlement = settlements.settle(supplier, previous, asOf);
                log.info("settlement of {} with {}: {} matched, {} price mismatches, {} state mismatches, {} duplicates, {} missing at the supplier, "
                                + "{} missing here", previous, supplier, settlement.matched(), settlement.priceMismatches(), settlement.stateMismatches(),
                        settlement.duplicates(), settlement.missingAtSupplier(), settlement.missingAtHub());
            } catch (RuntimeException e) {
                log.warn("settlement of {} with {} did not run here: {}", previous, supplier, e.getMessage());
            }
        }
    }

    private static void run(String what, String supplier, Supplier<CatalogSyncs.Run> run) {
        try {
            var done = run.get();
            if (done.written() > 0 || !"COMPLETED".equals(done.status())) {
                log.info("catalog {} of {}: {} (read {}, written {})", what, supplier, done.status(), done.read(), done.written());
            }
        } catch (RuntimeException e) {
            log.warn("catalog {} of {} did not run here (another instance may be running it): {}", what, supplier, e.getMessage());
        }
    }
}
