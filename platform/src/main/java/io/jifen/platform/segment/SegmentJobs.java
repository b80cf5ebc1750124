package io.jifen.platform.segment;

import java.time.Instant;

import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.tenancy.TenantJobs;

/**
 * The {@code memberSegments} job: scores every tenant's members (a rerun replaces the scores), nightly
 * ({@code jifen.segment.schedule.refresh}, UTC, "-" turns it off) and on demand for the operator.
 */
@Component
class SegmentJobs {

    private final TenantJobs jobs;
    private final Job segments;

    SegmentJobs(TenantJobs jobs, @Qualifier("memberSegmentsJob") Job segments) {
        this.jobs = jobs;
        this.segments = segments;
    }

    @Configuration(proxyBeanMethods = false)
    static class Definitions {

        @Bean
        Job memberSegmentsJob(TenantJobs jobs, MemberSegments segments) {
            return jobs.perTenant("memberSegments", "scoreMembers", segments::refresh);
        }
    }

    /** Scores every tenant's members as of {@code asOf}; waits for the run. */
    public TenantJobs.Run refreshSegments(Instant asOf) {
        return jobs.run(segments, asOf);
    }

    @Scheduled(cron = "${jifen.segment.schedule.refresh:0 20 3 * * *}", zone = "UTC")
    void nightlySegments() {
        jobs.runScheduled(segments, "members scored");
    }
}
