package io.jifen.platform.b2b;

import java.time.Instant;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.tenancy.TenantJobs;

/**
 * The {@code welfareGrants} job: welfare schedules due and not yet granted this month are granted (the grant's id
 * says once), hourly ({@code jifen.b2b.schedule.welfare}, UTC, "-" turns it off) and on demand for the operator.
 */
@Component
class WelfareJobs {

    private final TenantJobs jobs;
    private final Job welfare;

    WelfareJobs(TenantJobs jobs, @Qualifier("welfareGrantsJob") Job welfare) {
        this.jobs = jobs;
        this.welfare = welfare;
    }

    @Configuration(proxyBeanMethods = false)
    static class Definitions {

        @Bean
        Job welfareGrantsJob(TenantJobs jobs, WelfareSchedules welfare) {
            return jobs.perTenant("welfareGrants", "grantWelfare", welfare::grantDue);
        }
    }

    /** Grants the monthly welfare due at {@code asOf} in every tenant; waits for the run (schedules granted counted as written). */
    TenantJobs.Run grantWelfare(Instant asOf) {
        return jobs.run(welfare, asOf);
    }

    @Scheduled(cron = "${jifen.b2b.schedule.welfare:0 15 * * * *}", zone = "UTC")
    void hourlyWelfare() {
        jobs.runScheduled(welfare, "schedules granted");
    }
}
