package io.jifen.hub.internal.sync;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
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

    @Override
    public List<Run> runs(@Nullable String supplier, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
        // The job instances are kept per job name, newest first; one supplier's runs are found among them (a few hundred
        // instances at most are read: the console asks for the latest ten or twenty).
        int window = supplier == null ? count : Math.min(count * 20, 1_000);
        return Stream.of(fullSync.getName(), changes.getName())
                .flatMap(job -> repository.getJobInstances(job, 0, window).stream())
                .flatMap(instance -> repository.getJobExecutions(instance).stream())
                .filter(execution -> supplier == null || supplier.equals(execution.getJobParameters().getString("supplier")))
                .sorted(Comparator.comparingLong(JobExecution::getId).reversed())
                .limit(count)
                // Read again by id: that brings the step executions with their contexts (the SKUs to read in all).
                .map(execution -> Objects.requireNonNullElse(repository.getJobExecution(execution.getId()), execution))
                .map(execution -> view(execution, execution.getJobParameters().getString("supplier")))
                .toList();
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
        Long total = execution.getStepExecutions().stream()
                .filter(step -> step.getExecutionContext().containsKey(CatalogSyncJobConfiguration.SkuIdReader.TOTAL))
                .map(step -> (long) step.getExecutionContext().getInt(CatalogSyncJobConfiguration.SkuIdReader.TOTAL))
                .findFirst().orElse(null);
        return new Run(execution.getId(), supplier, execution.getJobInstance().getJobName(), execution.getStatus().name(), read, written, total,
                instant(execution.getStartTime()), instant(execution.getEndTime()));
    }

    private static @Nullable Instant instant(java.time.@Nullable LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toInstant();
    }
}
