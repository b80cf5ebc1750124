package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;

/**
 * Starts the ledger's jobs on their schedules (UTC; "-" turns one off). Every instance of the platform fires the same
 * schedule: the run's {@code asOf} is the firing minute, so all of them ask for the same job instance, and Spring
 * Batch's job repository lets one run it while the others are refused (already running or already complete).
 */
@Component
class LedgerSchedules {

    private static final Logger log = LoggerFactory.getLogger(LedgerSchedules.class);

    private final LedgerJobs jobs;
    private final Clock clock;

    LedgerSchedules(LedgerJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Hourly: lots that expired are booked out (their points already stopped counting as available when they expired). */
    @Scheduled(cron = "${jifen.ledger.schedule.expiry:0 5 * * * *}", zone = "UTC")
    void expirePoints() {
        start("points expiry", jobs::run);
    }

    /** Daily, 09:00 in China: members with points expiring within their point type's reminder window are reminded. */
    @Scheduled(cron = "${jifen.ledger.schedule.reminders:0 0 1 * * *}", zone = "UTC")
    void remindOfExpiringPoints() {
        start("expiry reminders", jobs::remind);
    }

    /** Nightly: every tenant's ledger is reconciled and the report kept. */
    @Scheduled(cron = "${jifen.ledger.schedule.reconciliation:0 30 2 * * *}", zone = "UTC")
    void reconcileLedgers() {
        start("ledger reconciliation", jobs::reconcile);
    }

    private void start(String job, Function<Instant, LedgerJobs.Run> run) {
        Instant asOf = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        try {
            var done = run.apply(asOf);
            log.info("{} as of {}: {} (read {}, written {}, lots expired {})", job, asOf, done.status(), done.read(), done.written(),
                    done.lotsExpired());
        } catch (DomainException ranAlready) {
            log.info("{} as of {} was run by another instance: {}", job, asOf, ranAlready.getMessage());
        } catch (RuntimeException e) {
            log.warn("{} as of {} did not start here (another instance may be running it): {}", job, asOf, e.toString());
        }
    }
}
