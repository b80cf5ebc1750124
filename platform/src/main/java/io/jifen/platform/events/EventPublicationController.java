package io.jifen.platform.events;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator sees the events between modules that are not yet handled, and hands them out again. */
@RestController
@Validated
class EventPublicationController {

    record Resubmission(@Nullable @Min(0) Long olderThanSeconds) {
    }

    record Resubmitted(int publications) {
    }

    private final EventPublications publications;

    EventPublicationController(EventPublications publications) {
        this.publications = publications;
    }

    @GetMapping("/api/v1/operator/event-publications")
    List<EventPublications.Incomplete> incomplete(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return publications.incomplete(limit);
    }

    /** Resubmits incomplete publications older than the given age (60 s by default, so that ones in flight are left alone). */
    @PostMapping("/api/v1/operator/event-publications/resubmissions")
    Resubmitted resubmit(@RequestBody(required = false) @Nullable @jakarta.validation.Valid Resubmission body) {
        long seconds = body == null || body.olderThanSeconds() == null ? 60 : body.olderThanSeconds();
        return new Resubmitted(publications.resubmitOlderThan(Duration.ofSeconds(seconds)));
    }
}
