package io.jifen.hub.internal.schedule;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.hub.CatalogSyncs;
import io.jifen.hub.SupplierSettlements;
import io.jifen.hub.Suppliers;
import io.jifen.hub.internal.search.IndexBacklog;

/**
 * Runs the hub's jobs for every connected supplier on their schedules (UTC; "-" turns one off): the catalog's change
 * messages every minute, a full catalog sync nightly, the search documents queued while Elasticsearch was down every
 * 30 seconds, and on the 3rd of each month the settlement of the month before
 * (Beijing time). Every instance fires them; a run's parameters are the firing minute, so the job repository lets one
 * instance run each.
 */
@Component
class HubSchedules {

    private static final Logger log = LoggerFactory.getLogger(HubSchedules.class);

    private final CatalogSyncs syncs;
    private final SupplierSettlements settlements;
    private final IndexBacklog backlog;
    private final Suppliers suppliers;

    HubSchedules(CatalogSyncs syncs, SupplierSettlements settlements, IndexBacklog backlog, Suppliers suppliers) {
        this.backlog = backlog;
        this.syncs = syncs;
        this.settlements = settlements;
        this.suppliers = suppliers;
    }

    @Scheduled(cron = "${jifen.hub.schedule.changes:0 * * * * *}", zone = "UTC")
    void applyChanges() {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        suppliers.ids().forEach(supplier -> run("changes", supplier, () -> syncs.applyChanges(supplier, asOf)));
    }

    @Scheduled(cron = "${jifen.hub.schedule.full-sync:0 0 19 * * *}", zone = "UTC")
    void fullSync() {
        Instant asOf = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        suppliers.ids().forEach(supplier -> run("full sync", supplier, () -> syncs.fullSync(supplier, asOf)));
    }

    /** Writes search documents that could not be written when their change committed (Elasticsearch was down). */
    @Scheduled(cron = "${jifen.hub.schedule.index-backlog:*/30 * * * * *}", zone = "UTC")
    void drainIndexBacklog() {
        int written;
        do {
            written = backlog.drain(1_000);
        } while (written == 1_000);
    }

    @Scheduled(cron = "${jifen.hub.schedule.settlement:0 0 4 3 * *}", zone = "UTC")
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

    private static void run(String what, String supplier, java.util.function.Supplier<CatalogSyncs.Run> run) {
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
