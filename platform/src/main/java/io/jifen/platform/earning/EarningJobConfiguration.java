package io.jifen.platform.earning;

import java.time.Instant;
import java.util.UUID;
import java.util.function.ToIntFunction;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The earning module's jobs. Each takes the parameter asOf and does its work tenant by tenant, each tenant in its own
 * transaction (the services open one; a tasklet's transaction belongs to no tenant); tenants count as read, the
 * tenant's result as written. Each can run again safely: what it does is keyed so that it happens once.
 */
@Configuration(proxyBeanMethods = false)
class EarningJobConfiguration {

    /** {@code memberSegments}: scores every tenant's members ({@link MemberSegments}; a rerun replaces the scores). */
    @Bean
    Job memberSegmentsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                          MemberSegments segments) {
        return perTenant("memberSegments", "scoreMembers", jobRepository, transactionManager, tenants, segments::refresh);
    }

    /** {@code birthdayGifts}: members whose birthday it is get their tier's gift, once a year (the ledger key says so). */
    @Bean
    Job birthdayGiftsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                         BirthdayGifts gifts) {
        return perTenant("birthdayGifts", "giveBirthdayGifts", jobRepository, transactionManager, tenants, gifts::give);
    }

    /** {@code welfareGrants}: welfare schedules due and not yet granted this month are granted (the grant's id says once). */
    @Bean
    Job welfareGrantsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                         WelfareSchedules welfare) {
        return perTenant("welfareGrants", "grantWelfare", jobRepository, transactionManager, tenants, welfare::grantDue);
    }

    /** {@code tierReviews}: tenants whose review period ended before asOf are reviewed, once per period. */
    @Bean
    Job tierReviewsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants, MemberTiers tiers) {
        return perTenant("tierReviews", "reviewTiers", jobRepository, transactionManager, tenants, tiers::review);
    }

    private static Job perTenant(String job, String step, JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                 TenantRegistry tenants, ToIntFunction<Instant> work) {
        var each = new StepBuilder(step, jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    Instant asOf = Instant.parse(contribution.getStepExecution().getJobParameters().getString("asOf"));
                    for (UUID tenant : tenants.allIds()) {
                        contribution.incrementWriteCount(TenantContext.callAs(tenant, () -> work.applyAsInt(asOf)));
                        contribution.incrementReadCount();
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder(job, jobRepository).start(each).build();
    }
}
