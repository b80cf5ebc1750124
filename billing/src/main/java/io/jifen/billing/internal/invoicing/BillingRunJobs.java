package io.jifen.billing.internal.invoicing;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.BillingRuns;

/** Runs the {@code billingRun} job for a month: the month is the job instance, so a failed run is restarted, a completed one refused. */
@Service
class BillingRunJobs implements BillingRuns {

    private final JobOperator jobs;
    private final JobRepository repository;
    private final Job job;

    BillingRunJobs(JobOperator jobs, JobRepository repository, @Qualifier("billingRunJob") Job job) {
        this.jobs = jobs;
        this.repository = repository;
        this.job = job;
    }

    @Override
    public Run run(YearMonth period) {
        if (period == null) {
            throw BillingRefused.invalid("period", "a month, yyyy-MM");
        }
        JobExecution execution;
        try {
            execution = jobs.start(job, parameters(period));
        } catch (JobInstanceAlreadyCompleteException e) {
            throw BillingRefused.conflict("the run of " + period + " has completed: every tenant has its invoice (corrections are credit notes)");
        } catch (JobExecutionAlreadyRunningException e) {
            throw BillingRefused.conflict("the run of " + period + " is running");
        } catch (Exception e) {
            throw new IllegalStateException("could not start the billing run of " + period + ": " + e.getMessage(), e);
        }
        return run(period, execution);
    }

    @Override
    public Run recover(YearMonth period) {
        var instance = repository.getJobInstance(BillingRunJobConfiguration.JOB, parameters(period));
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last == null || !last.isRunning()) {
            throw BillingRefused.conflict("the run of " + period + " is not marked running: run the month to start or restart it");
        }
        return run(period, jobs.recover(last));
    }

    @Override
    public List<Run> runs(YearMonth period) {
        var instance = repository.getJobInstance(BillingRunJobConfiguration.JOB, parameters(period));
        if (instance == null) {
            return List.of();
        }
        return repository.getJobExecutions(instance).stream().sorted(Comparator.comparing(JobExecution::getId).reversed())
                .map(execution -> run(period, execution)).toList();
    }

    private static JobParameters parameters(YearMonth period) {
        return new JobParametersBuilder().addString("period", period.toString()).toJobParameters();
    }

    private static Run run(YearMonth period, JobExecution execution) {
        long processed = execution.getStepExecutions().stream().mapToLong(step -> step.getWriteCount()).sum();
        String failure = execution.getStatus() == BatchStatus.COMPLETED ? null
                : execution.getAllFailureExceptions().stream().map(Throwable::getMessage).findFirst().orElse(null);
        return new Run(execution.getId(), period, execution.getStatus().name(), processed, failure);
    }
}
