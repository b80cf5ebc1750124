package io.jifen.hub.sync;

import java.time.Instant;
import java.time.ZoneId;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.jifen.hub.Suppliers;

/** Starts the catalog sync jobs of a supplier and reports how they went (the operator's view and the schedules use it). */
@Service
public class CatalogSyncs {

    /** A run: its status, the SKUs read and written (delisted ones count as written), and when it ran. */
    public record Run(long executionId, String supplier, String job, String status, long read, long written, Instant startedAt,
                      Instant endedAt) {
    }

    private final JobOperator jobs;
    private final JobRepository repository;
    private final Job fullSync;
    private final Job changes;
    private final Suppliers suppliers;

    CatalogSyncs(JobOperator jobs, JobRepository repository, @Qualifier("catalogFullSyncJob") Job fullSync, @Qualifier("catalogChangesJob") Job changes,
                 Suppliers suppliers) {
        this.jobs = jobs;
        this.repository = repository;
        this.fullSync = fullSync;
        this.changes = changes;
        this.suppliers = suppliers;
    }

    /** A full sync of the supplier's catalog, as of {@code asOf} (one run per supplier and instant); waits for it. */
    public Run fullSync(String supplier, Instant asOf) {
        return start(fullSync, supplier, asOf);
    }

    /** Applies the supplier's pending change messages, as of {@code asOf}; waits for it. */
    public Run applyChanges(String supplier, Instant asOf) {
        return start(changes, supplier, asOf);
    }

    /** Restarts a failed run where its last committed chunk left off. */
    public Run restart(long executionId) {
        JobExecution failed = repository.getJobExecution(executionId);
        if (failed == null) {
            throw new IllegalArgumentException("no catalog sync run " + executionId);
        }
        try {
            return view(jobs.restart(failed), failed.getJobParameters().getString("supplier"));
        } catch (Exception e) {
            throw new IllegalStateException("could not restart catalog sync run " + executionId, e);
        }
    }

    private Run start(Job job, String supplier, Instant asOf) {
        suppliers.get(supplier);
        var parameters = new JobParametersBuilder().addString("supplier", supplier).addString("asOf", asOf.toString()).toJobParameters();
        try {
            return view(jobs.start(job, parameters), supplier);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + job.getName() + " for " + supplier + " as of " + asOf + ": " + e.getMessage(), e);
        }
    }

    private static Run view(JobExecution execution, String supplier) {
        long read = execution.getStepExecutions().stream().mapToLong(StepExecution::getReadCount).sum();
        long written = execution.getStepExecutions().stream().mapToLong(StepExecution::getWriteCount).sum();
        return new Run(execution.getId(), supplier, execution.getJobInstance().getJobName(), execution.getStatus().name(), read, written,
                instant(execution.getStartTime()), instant(execution.getEndTime()));
    }

    private static Instant instant(java.time.LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toInstant();
    }
}
