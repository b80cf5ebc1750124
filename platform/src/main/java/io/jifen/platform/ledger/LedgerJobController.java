package io.jifen.platform.ledger;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator runs and watches the ledger's jobs here; each covers every tenant. */
@RestController
class LedgerJobController {

    private final LedgerJobs runs;

    LedgerJobController(LedgerJobs runs) {
        this.runs = runs;
    }

    @PostMapping("/api/v1/operator/points-expiry/runs")
    LedgerJobs.Run run(@RequestParam(required = false) Instant asOf) {
        return runs.run(asOf == null ? Instant.now() : asOf);
    }

    @PostMapping("/api/v1/operator/expiry-reminders/runs")
    LedgerJobs.Run remind(@RequestParam(required = false) Instant asOf) {
        return runs.remind(asOf == null ? Instant.now() : asOf);
    }

    @PostMapping("/api/v1/operator/ledger-reconciliation/runs")
    LedgerJobs.Run reconcile(@RequestParam(required = false) Instant asOf) {
        return runs.reconcile(asOf == null ? Instant.now() : asOf);
    }

    /** Restarts a failed run of any of the ledger's jobs. */
    @PostMapping("/api/v1/operator/points-expiry/runs/{executionId}/restart")
    LedgerJobs.Run restart(@PathVariable long executionId) {
        return runs.restart(executionId);
    }

    /** A run of any of the ledger's jobs. */
    @GetMapping("/api/v1/operator/points-expiry/runs/{executionId}")
    LedgerJobs.Run status(@PathVariable long executionId) {
        return runs.status(executionId);
    }
}
