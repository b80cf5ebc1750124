package io.jifen.platform.segment;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.tenancy.TenantJobs;

/** Members' RFM segments over HTTP, and the operator's runs of the segments job. */
@RestController
class SegmentController {

    private final MemberSegments segments;
    private final SegmentJobs jobs;

    SegmentController(MemberSegments segments, SegmentJobs jobs) {
        this.segments = segments;
        this.jobs = jobs;
    }

    /** The member's RFM scores and segment as of the last segments run. */
    @GetMapping("/api/v1/members/{memberId}/segment")
    MemberSegments.Segment segment(@PathVariable UUID memberId) {
        return segments.of(memberId);
    }

    /** How many members are in each segment. */
    @GetMapping("/api/v1/earning/segments")
    Map<String, Long> segments() {
        return segments.counts();
    }

    /** The platform operator scores every tenant's members now (the job also runs nightly). */
    @PostMapping("/api/v1/operator/member-segments/runs")
    TenantJobs.Run refreshSegments() {
        return jobs.refreshSegments(Instant.now());
    }
}
