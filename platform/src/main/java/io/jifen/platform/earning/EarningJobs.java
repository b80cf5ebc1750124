package io.jifen.platform.earning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the earning jobs: segments nightly; birthday gifts, monthly welfare and tier reviews hourly, on their schedules
 * ({@code jifen.earning.schedule.*}, UTC, "-" turns one off; every instance fires them, the job repository lets one run
 * each minute's), and on demand for the operator.
 */
@Component
public class EarningJobs {

    /** A run: its status, tenants read and members scored. */
    public record Run(long executionId, String status, long tenants, long members) {
    }

    private static final Logger log = LoggerFactory.getLogger(EarningJobs.class);

    private final JobOperator jobs;
    private final Job segments;
    private final Job birthdays;
    private final Job welfare;
    private final Job reviews;

    EarningJobs(JobOperator jobs, @Qualifier("memberSegmentsJob") Job segments, @Qualifier("birthdayGiftsJob") Job birthdays,
                @Qualifier("welfareGrantsJob") Job welfare, @Qualifier("tierReviewsJob") Job reviews) {
        this.reviews = reviews;
        this.jobs = jobs;
        this.segments = segments;
        this.birthdays = birthdays;
        this.welfare = welfare;
    }

    /** Scores every tenant's members as of {@code asOf}; waits for the run. */
    public Run refreshSegments(Instant asOf) {
        return run(segments, asOf);
    }

    /** Gives the birthday gifts due at {@code asOf} in every tenant; waits for the run (members counted as written). */
    public Run giveBirthdayGifts(Instant asOf) {
        return run(birthdays, asOf);
    }

    /** Grants the monthly welfare due at {@code asOf} in every tenant; waits for the run (schedules granted counted as written). */
    public Run grantWelfare(Instant asOf) {
        return run(welfare, asOf);
    }

    /** Reviews the tiers of every tenant whose review period ended before {@code asOf}; waits (members lowered counted as written). */
    public Run reviewTiers(Instant asOf) {
        return run(reviews, asOf);
    }

    private Run run(Job job, Instant asOf) {
        try {
            var execution = jobs.start(job, new JobParametersBuilder().addString("asOf", asOf.toString()).toJobParameters());
            var step = execution.getStepExecutions().stream().findFirst();
            return new Run(execution.getId(), execution.getStatus().name(), step.map(s -> s.getReadCount()).orElse(0L),
                    step.map(s -> s.getWriteCount()).orElse(0L));
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException e) {
            throw io.jifen.platform.api.ApiProblem.conflict("run-complete", job.getName() + " as of " + asOf + " has run to completion already");
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + job.getName() + " as of " + asOf + ": " + e.getMessage(), e);
        }
    }

    @Scheduled(cron = "${jifen.earning.schedule.birthday-gifts:0 10 * * * *}", zone = "UTC")
    void hourlyBirthdayGifts() {
        scheduled(birthdays, "members given a gift");
    }

    @Scheduled(cron = "${jifen.earning.schedule.welfare:0 15 * * * *}", zone = "UTC")
    void hourlyWelfare() {
        scheduled(welfare, "schedules granted");
    }

    @Scheduled(cron = "${jifen.earning.schedule.tier-reviews:0 25 * * * *}", zone = "UTC")
    void hourlyTierReviews() {
        scheduled(reviews, "members lowered");
    }

    @Scheduled(cron = "${jifen.earning.schedule.segments:0 20 3 * * *}", zone = "UTC")
    void nightlySegments() {
        scheduled(segments, "members scored");
    }

    /** A scheduled run as of this minute; logged when it wrote something. Another instance may have run it already. */
    private void scheduled(Job job, String written) {
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
