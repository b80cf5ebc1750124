package io.jifen.platform.tier;

import java.time.Instant;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.tenancy.TenantJobs;

/**
 * The tier jobs, hourly on their schedules ({@code jifen.tier.schedule.*}, UTC, "-" turns one off) and on demand for
 * the operator: {@code birthdayGifts} gives members whose birthday it is their tier's gift, once a year (the ledger key
 * says so); {@code tierReviews} reviews tenants whose review period ended before asOf, once per period.
 */
@Component
class TierJobs {

    private final TenantJobs jobs;
    private final Job birthdays;
    private final Job reviews;

    TierJobs(TenantJobs jobs, @Qualifier("birthdayGiftsJob") Job birthdays, @Qualifier("tierReviewsJob") Job reviews) {
        this.jobs = jobs;
        this.birthdays = birthdays;
        this.reviews = reviews;
    }

    @Configuration(proxyBeanMethods = false)
    static class Definitions {

        @Bean
        Job birthdayGiftsJob(TenantJobs jobs, BirthdayGifts gifts) {
            return jobs.perTenant("birthdayGifts", "giveBirthdayGifts", gifts::give);
        }

        @Bean
        Job tierReviewsJob(TenantJobs jobs, MemberTiers tiers) {
            return jobs.perTenant("tierReviews", "reviewTiers", tiers::review);
        }
    }

    /** Gives the birthday gifts due at {@code asOf} in every tenant; waits for the run (members counted as written). */
    public TenantJobs.Run giveBirthdayGifts(Instant asOf) {
        return jobs.run(birthdays, asOf);
    }

    /** Reviews the tiers of every tenant whose review period ended before {@code asOf}; waits (members lowered counted as written). */
    public TenantJobs.Run reviewTiers(Instant asOf) {
        return jobs.run(reviews, asOf);
    }

    @Scheduled(cron = "${jifen.tier.schedule.birthday-gifts:0 10 * * * *}", zone = "UTC")
    void hourlyBirthdayGifts() {
        jobs.runScheduled(birthdays, "members given a gift");
    }

    @Scheduled(cron = "${jifen.tier.schedule.reviews:0 25 * * * *}", zone = "UTC")
    void hourlyTierReviews() {
        jobs.runScheduled(reviews, "members lowered");
    }
}
