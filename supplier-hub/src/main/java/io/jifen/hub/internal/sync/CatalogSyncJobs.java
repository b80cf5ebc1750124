package io.jifen.hub.internal.sync;

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

import io.jifen.hub.CatalogSyncs;
import io.jifen.hub.internal.connector.Connectors;

/** Runs the catalog sync jobs ({@code catalogFullSync}, {@code catalogChanges}) with Spring Batch. */
@Service
class CatalogSyncJobs implements CatalogSyncs {

    private final JobOperator jobs;
    private final JobRepository repository;
    private final Job fullSync;
    private final Job changes;
    private final Connectors suppliers;

    CatalogSyncJobs(JobOperator jobs, JobRepository repository, @Qualifier("catalogFullSyncJob") Job fullSync, @Qualifier("catalogChangesJob") Job changes,
                 Connectors suppliers) {
        this.jobs = jobs;
        this.repository = repository;
        this.fullSync = fullSync;
        this.changes = changes;
        this.suppliers = suppliers;
    }

    @Override
    public Run fullSync(String supplier, Instant asOf) {
        return start(fullSync, supplier, asOf);
    }

    @Override
    public Run applyChanges(String supplier, Instant asOf) {
        return start(changes, supplier, asOf);
    }

    @Override
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
