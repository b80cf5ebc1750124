package io.jifen.platform.ledger;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator runs and watches the expiry job here; it covers every tenant. */
@RestController
class ExpiryRunController {

    private final ExpiryRuns runs;

    ExpiryRunController(ExpiryRuns runs) {
        this.runs = runs;
    }

    @PostMapping("/api/v1/operator/points-expiry/runs")
    ExpiryRuns.Run run(@RequestParam(required = false) Instant asOf) {
        return runs.run(asOf == null ? Instant.now() : asOf);
    }

    @PostMapping("/api/v1/operator/expiry-reminders/runs")
    ExpiryRuns.Run remind(@RequestParam(required = false) Instant asOf) {
        return runs.remind(asOf == null ? Instant.now() : asOf);
    }

    @PostMapping("/api/v1/operator/points-expiry/runs/{executionId}/restart")
    ExpiryRuns.Run restart(@PathVariable long executionId) {
        return runs.restart(executionId);
    }

    @GetMapping("/api/v1/operator/points-expiry/runs/{executionId}")
    ExpiryRuns.Run status(@PathVariable long executionId) {
        return runs.status(executionId);
    }
}
