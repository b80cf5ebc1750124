package io.jifen.billing.internal.invoicing;

import java.time.Clock;
import java.time.YearMonth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.BillingRefused;
import io.jifen.billing.BillingRuns;
import io.jifen.billing.Invoices;

/**
 * Billing's schedule (jifen.billing.schedule, in the billing zone): the run of the month before on the 1st, and the
 * finalizing of drafts whose grace period is over. Every instance fires them; the job repository lets one run a month
 * (the others are refused as the run is running or complete), and finalizing is idempotent.
 */
@Component
class BillingSchedules {

    private static final Logger LOG = LoggerFactory.getLogger(BillingSchedules.class);

    private final BillingRuns runs;
    private final Invoices invoices;
    private final BillingProperties properties;
    private final Clock clock;

    BillingSchedules(BillingRuns runs, Invoices invoices, BillingProperties properties, Clock clock) {
        this.runs = runs;
        this.invoices = invoices;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${jifen.billing.schedule.monthly-run:0 0 2 1 * *}", zone = "${jifen.billing.zone:Asia/Shanghai}")
    void monthlyRun() {
        YearMonth previous = YearMonth.now(clock.withZone(properties.zone())).minusMonths(1);
        try {
            var run = runs.run(previous);
            LOG.info("billing run of {}: {}, {} tenants", previous, run.status(), run.tenantsProcessed());
        } catch (BillingRefused e) {
            LOG.info("billing run of {} not started: {}", previous, e.getMessage());
        }
    }

    @Scheduled(cron = "${jifen.billing.schedule.finalize-drafts:0 15 * * * *}", zone = "${jifen.billing.zone:Asia/Shanghai}")
    void finalizeDue() {
        int finalized = invoices.finalizeDue(clock.instant());
        if (finalized > 0) {
            LOG.info("finalized {} invoices after their grace period", finalized);
        }
    }
}
