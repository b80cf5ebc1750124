package io.jifen.hub.settlement;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.jifen.hub.Suppliers;

/**
 * Settles a month with a supplier: runs the {@code supplierSettlement} job and reads its results. A month can be
 * settled more than once (after the supplier corrects its statement); every run is kept.
 */
@Service
public class SupplierSettlements {

    /** Outcomes of a settlement's items. */
    public static final List<String> OUTCOMES = List.of("MATCHED", "PRICE_MISMATCH", "STATE_MISMATCH", "DUPLICATE", "MISSING_AT_SUPPLIER",
            "MISSING_AT_HUB");

    private final JobOperator jobs;
    private final Job job;
    private final SettlementStore store;
    private final Suppliers suppliers;

    SupplierSettlements(JobOperator jobs, @Qualifier("supplierSettlementJob") Job job, SettlementStore store, Suppliers suppliers) {
        this.jobs = jobs;
        this.job = job;
        this.store = store;
        this.suppliers = suppliers;
    }

    /**
     * Settles the month (Beijing time) with the supplier, as requested at {@code requestedAt} (one run per supplier,
     * month and instant); waits for it. A run whose statement could not be fetched fails and has no results; a
     * {@link SettlementFailed} says why.
     */
    public Settlement settle(String supplier, YearMonth month, Instant requestedAt) {
        suppliers.get(supplier);
        var parameters = new JobParametersBuilder().addString("supplier", supplier).addString("month", month.toString())
                .addString("requestedAt", requestedAt.toString()).toJobParameters();
        org.springframework.batch.core.job.JobExecution execution;
        try {
            execution = jobs.start(job, parameters);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the settlement of " + month + " with " + supplier + ": " + e.getMessage(), e);
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String reason = execution.getAllFailureExceptions().stream().map(Throwable::getMessage).findFirst().orElse(execution.getStatus().name());
            throw new SettlementFailed(supplier, month, reason);
        }
        return store.find(execution.getJobInstance().getInstanceId()).orElseThrow();
    }

    public Optional<Settlement> find(long id) {
        return store.find(id);
    }

    /** The supplier's latest runs, newest first. */
    public List<Settlement> runs(String supplier, int limit) {
        return store.runs(supplier, limit);
    }

    /** A page of a run's items, optionally of one outcome ({@link #OUTCOMES}). */
    public List<Settlement.Item> items(long id, @Nullable String outcome, int offset, int limit) {
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES);
        }
        return store.items(id, outcome, offset, limit);
    }

    /** A settlement that could not be made (the supplier's statement was unavailable or did not read). */
    public static class SettlementFailed extends RuntimeException {
        public SettlementFailed(String supplier, YearMonth month, String reason) {
            super("settlement of " + month + " with " + supplier + " failed: " + reason);
        }
    }
}
