package io.jifen.hub.internal.settlement;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.jifen.hub.Settlement;
import io.jifen.hub.SupplierSettlements;
import io.jifen.hub.internal.connector.Connectors;

/** Settles with a supplier by running the {@code supplierSettlement} job, and reads its results. */
@Service
class SettlementJobs implements SupplierSettlements {

    private final JobOperator jobs;
    private final Job job;
    private final SettlementStore store;
    private final Connectors connectors;

    SettlementJobs(JobOperator jobs, @Qualifier("supplierSettlementJob") Job job, SettlementStore store, Connectors connectors) {
        this.jobs = jobs;
        this.job = job;
        this.store = store;
        this.connectors = connectors;
    }

    @Override
    public Settlement settle(String supplier, YearMonth month, Instant requestedAt) {
        connectors.get(supplier);
        var parameters = new JobParametersBuilder().addString("supplier", supplier).addString("month", month.toString())
                .addString("requestedAt", requestedAt.toString()).toJobParameters();
        JobExecution execution;
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

    @Override
    public Optional<Settlement> find(long id) {
        return store.find(id);
    }

    @Override
    public List<Settlement> runs(String supplier, int limit) {
        return store.runs(supplier, limit);
    }

    @Override
    public List<Settlement.Item> items(long id, @Nullable String outcome, int offset, int limit) {
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES);
        }
        return store.items(id, outcome, offset, limit);
    }
}
