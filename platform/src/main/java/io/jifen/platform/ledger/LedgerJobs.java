package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.jifen.platform.problem.DomainException;

/**
 * Starts, restarts and reports runs of the ledger's batch jobs: points expiry, expiry reminders and reconciliation
 * (the operator console shows these; {@link LedgerSchedules} starts them on their schedules).
 */
@Service
class LedgerJobs {

    /**
     * A run and how far it got: for the expiry job, the wallets with due lots it read and booked out, and the lots it
     * expired; for the reminder job, the reminders it recorded (as written); for reconciliation, the tenants checked
     * (as read) and the tenants whose ledger did not balance (as written).
     */
    public record Run(long executionId, String status, String exitCode, long read, long written, long lotsExpired, Instant asOf,
                      Instant startedAt, Instant endedAt) {
    }

    private final JobOperator jobs;
    private final JobRepository repository;
    private final Job expiryJob;
    private final Job reminderJob;
    private final Job reconciliationJob;

    LedgerJobs(JobOperator jobs, JobRepository repository, @Qualifier("pointsExpiryJob") Job expiryJob,
               @Qualifier("expiryRemindersJob") Job reminderJob, @Qualifier("ledgerReconciliationJob") Job reconciliationJob) {
        this.jobs = jobs;
        this.repository = repository;
        this.expiryJob = expiryJob;
        this.reminderJob = reminderJob;
        this.reconciliationJob = reconciliationJob;
    }

    /** Runs the expiry job for every tenant, expiring what is due at {@code asOf}; waits for it to end. */
    public Run run(Instant asOf) {
        return start(expiryJob, asOf);
    }

    /** Runs the reminder job for every tenant: who has points expiring within the reminder window after {@code asOf}. */
    public Run remind(Instant asOf) {
        return start(reminderJob, asOf);
    }

    /** Reconciles every tenant's ledger and keeps a report per tenant; a tenant that does not balance raises {@link LedgerOutOfBalance}. */
    public Run reconcile(Instant asOf) {
        return start(reconciliationJob, asOf);
    }

    private Run start(Job job, Instant asOf) {
        try {
            var parameters = new JobParametersBuilder().addString("asOf", asOf.toString()).toJobParameters();
            return view(jobs.start(job, parameters));
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException e) {
            throw DomainException.conflict("run-complete", job.getName() + " as of " + asOf + " has run to completion already");
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + job.getName(), e);
        }
    }

    /** Restarts a failed or stopped run where it left off. */
    public Run restart(long executionId) {
        JobExecution execution = execution(executionId);
        if (execution.getStatus() != BatchStatus.FAILED && execution.getStatus() != BatchStatus.STOPPED) {
            throw DomainException.conflict("not-restartable", "Run " + executionId + " is " + execution.getStatus() + "; only failed or stopped runs restart");
        }
        try {
            return view(jobs.restart(execution));
        } catch (Exception e) {
            throw new IllegalStateException("could not restart ledger job run " + executionId, e);
        }
    }

    public Run status(long executionId) {
        return view(execution(executionId));
    }

    private JobExecution execution(long executionId) {
        JobExecution execution = repository.getJobExecution(executionId);
        if (execution == null || !java.util.Set.of(ExpiryJobConfiguration.JOB_NAME, ExpiryJobConfiguration.REMINDER_JOB_NAME,
                ReconciliationJobConfiguration.JOB_NAME).contains(execution.getJobInstance().getJobName())) {
            throw DomainException.notFound("Ledger job run " + executionId);
        }
        return execution;
    }

    private static Run view(JobExecution execution) {
        // The partitioning step sums its partitions' counts; count the partitions only.
        List<StepExecution> steps = execution.getStepExecutions().stream()
                .filter(step -> !step.getStepName().equals(ExpiryJobConfiguration.EXPIRY_STEP))
                .toList();
        long read = steps.stream().mapToLong(StepExecution::getReadCount).sum();
        long written = steps.stream().mapToLong(StepExecution::getWriteCount).sum();
        long lots = steps.stream().mapToLong(step -> step.getExecutionContext().getLong(ExpiryJobConfiguration.LOTS_EXPIRED, 0)).sum();
        String asOf = execution.getJobParameters().getString("asOf");
        return new Run(execution.getId(), execution.getStatus().name(), execution.getExitStatus().getExitCode(), read, written, lots,
                asOf == null ? null : Instant.parse(asOf),
                execution.getStartTime() == null ? null : execution.getStartTime().atZone(java.time.ZoneId.systemDefault()).toInstant(),
                execution.getEndTime() == null ? null : execution.getEndTime().atZone(java.time.ZoneId.systemDefault()).toInstant());
    }
}
