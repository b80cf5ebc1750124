package io.jifen.platform.tenancy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.platform.problem.DomainException;

/**
 * Jobs that do their work tenant by tenant as of a moment (parameter {@code asOf}), each tenant in its own transaction
 * (the work opens one; a tasklet's transaction belongs to no tenant): tenants count as read, what the work returns as
 * written. Scheduled runs take the firing minute as {@code asOf}, so every instance asks for the same job instance and
 * the job repository lets one run it.
 */
@Component
public class TenantJobs {

    /** A run: its status, tenants read and what the work wrote (members scored, gifts given ...). */
    public record Run(long executionId, String status, long tenants, long members) {
    }

    private static final Logger log = LoggerFactory.getLogger(TenantJobs.class);

    private final JobOperator jobs;
    private final JobRepository repository;
    private final PlatformTransactionManager transactionManager;
    private final TenantRegistry tenants;

    TenantJobs(JobOperator jobs, JobRepository repository, PlatformTransactionManager transactionManager, TenantRegistry tenants) {
        this.jobs = jobs;
        this.repository = repository;
        this.transactionManager = transactionManager;
        this.tenants = tenants;
    }

    /** A job of one step that runs {@code work} as of the run's {@code asOf} in every tenant, in tenant order. */
    public Job perTenant(String job, String step, ToIntFunction<Instant> work) {
        var each = new StepBuilder(step, repository)
                .tasklet((contribution, chunkContext) -> {
                    Instant asOf = Instant.parse(contribution.getStepExecution().getJobParameters().getString("asOf"));
                    for (UUID tenant : tenants.allIds()) {
                        contribution.incrementWriteCount(TenantContext.callAs(tenant, () -> work.applyAsInt(asOf)));
                        contribution.incrementReadCount();
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder(job, repository).start(each).build();
    }

    /** Runs the job as of {@code asOf} and waits for it; a run already complete for that moment is a 409. */
    public Run run(Job job, Instant asOf) {
        try {
            var execution = jobs.start(job, new JobParametersBuilder().addString("asOf", asOf.toString()).toJobParameters());
            var step = execution.getStepExecutions().stream().findFirst();
            return new Run(execution.getId(), execution.getStatus().name(), step.map(s -> s.getReadCount()).orElse(0L),
                    step.map(s -> s.getWriteCount()).orElse(0L));
        } catch (JobInstanceAlreadyCompleteException e) {
            throw DomainException.conflict("run-complete", job.getName() + " as of " + asOf + " has run to completion already");
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + job.getName() + " as of " + asOf + ": " + e.getMessage(), e);
        }
    }

    /** A scheduled run as of this minute; logged when it wrote something. Another instance may have run it already. */
    public void runScheduled(Job job, String written) {
        try {
            var run = run(job, Instant.now().truncatedTo(ChronoUnit.MINUTES));
            if (run.members() > 0) {
                log.info("{}: {} ({} tenants, {} {})", job.getName(), run.status(), run.tenants(), run.members(), written);
            }
        } catch (RuntimeException e) {
            log.warn("{} did not run here (another instance may be running it): {}", job.getName(), e.getMessage());
        }
    }
}
