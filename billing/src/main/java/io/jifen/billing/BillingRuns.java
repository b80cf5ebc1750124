package io.jifen.billing;

import java.time.YearMonth;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The monthly run: invoices every subscribed tenant for a month, once. A month's run is one job instance; running a month
 * whose run failed restarts it (tenants invoiced before the failure keep their invoice and are not invoiced again).
 */
public interface BillingRuns {

    /** A run's outcome: its job execution, status (COMPLETED, FAILED ...), the tenants it went through (invoiced, or skipped when invoiced already or not subscribed) and the failure if any. */
    record Run(long executionId, YearMonth period, String status, long tenantsProcessed, @Nullable String failure) {
    }

    /** Runs (or restarts) the month's invoicing and waits for it; a completed month is refused as a conflict. */
    Run run(YearMonth period);

    /**
     * Marks the month's run failed when the process running it died (its execution is left STARTED, and running the
     * month again is refused as "running"); the next {@link #run} restarts it. Only for a run known to be dead: a run
     * still going on another instance would be run twice side by side (each tenant still gets one invoice).
     */
    Run recover(YearMonth period);

    /** The month's runs, newest first. */
    List<Run> runs(YearMonth period);
}
