package io.jifen.hub.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.hub.Suppliers;

/**
 * Runs the catalog sync of every connected supplier on its schedule (UTC; "-" turns one off): the change messages
 * every minute, a full sync nightly. Every instance fires them; the run's {@code asOf} is the firing minute, so the
 * job repository lets one instance run each.
 */
@Component
class CatalogSchedules {

    private static final Logger log = LoggerFactory.getLogger(CatalogSchedules.class);

    private final CatalogSyncs syncs;
    private final Suppliers suppliers;

    CatalogSchedules(CatalogSyncs syncs, Suppliers suppliers) {
        this.syncs = syncs;
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
