package io.jifen.platform.earning;

import java.time.Instant;
import java.util.UUID;

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
 * The segments job ({@code memberSegments}, parameter asOf): scores every tenant's members ({@link MemberSegments}),
 * one tenant per transaction. A rerun scores again (the scores are replaced), so a restart is always safe. Counts the
 * tenants as read and the members scored as written.
 */
@Configuration(proxyBeanMethods = false)
class SegmentJobConfiguration {

    static final String JOB_NAME = "memberSegments";

    @Bean
    Job memberSegmentsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                          MemberSegments segments) {
        var score = new StepBuilder("scoreMembers", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    Instant asOf = Instant.parse(contribution.getStepExecution().getJobParameters().getString("asOf"));
                    for (UUID tenant : tenants.allIds()) {
                        contribution.incrementWriteCount(TenantContext.callAs(tenant, () -> segments.refresh(asOf)));
                        contribution.incrementReadCount();
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder(JOB_NAME, jobRepository).start(score).build();
    }

    /**
     * The birthday gifts job ({@code birthdayGifts}, parameter asOf): every tenant's members whose birthday it is get
     * their tier's gift, once a year (the ledger key says so), so it can run every hour for every time zone.
     */
    @Bean
    Job birthdayGiftsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                         BirthdayGifts gifts) {
        var give = new StepBuilder("giveBirthdayGifts", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    Instant asOf = Instant.parse(contribution.getStepExecution().getJobParameters().getString("asOf"));
                    for (UUID tenant : tenants.allIds()) {
                        contribution.incrementWriteCount(TenantContext.callAs(tenant, () -> gifts.give(asOf)));
                        contribution.incrementReadCount();
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder("birthdayGifts", jobRepository).start(give).build();
    }

    /**
     * The welfare job ({@code welfareGrants}, parameter asOf): every tenant's welfare schedules due at asOf and not yet
     * granted this month are granted (each month once: the grant's id says so), so it can run every hour.
     */
    @Bean
    Job welfareGrantsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                         WelfareSchedules welfare) {
        var grant = new StepBuilder("grantWelfare", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    Instant asOf = Instant.parse(contribution.getStepExecution().getJobParameters().getString("asOf"));
                    for (UUID tenant : tenants.allIds()) {
                        contribution.incrementWriteCount(TenantContext.callAs(tenant, () -> welfare.grantDue(asOf)));
                        contribution.incrementReadCount();
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder("welfareGrants", jobRepository).start(grant).build();
    }

    /**
     * The tier review job ({@code tierReviews}, parameter asOf): every tenant whose review period ended before asOf
     * (its time zone) and has not been reviewed is reviewed, once per period, so it can run every hour.
     */
    @Bean
    Job tierReviewsJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants, MemberTiers tiers) {
        var review = new StepBuilder("reviewTiers", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    Instant asOf = Instant.parse(contribution.getStepExecution().getJobParameters().getString("asOf"));
                    for (UUID tenant : tenants.allIds()) {
                        contribution.incrementWriteCount(TenantContext.callAs(tenant, () -> tiers.review(asOf)));
                        contribution.incrementReadCount();
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder("tierReviews", jobRepository).start(review).build();
    }
}
