package io.jifen.hub;

import java.time.Instant;

/** Runs the catalog sync jobs of a supplier and reports how they went (the operator's view and the schedules use it). */
public interface CatalogSyncs {

    /** A run: its status, the SKUs read and written (delisted ones count as written), and when it ran. */
    record Run(long executionId, String supplier, String job, String status, long read, long written, Instant startedAt,
               Instant endedAt) {
    }

    /** A full sync of the supplier's catalog, as of {@code asOf} (one run per supplier and instant); waits for it. */
    Run fullSync(String supplier, Instant asOf);

    /** Applies the supplier's pending change messages, as of {@code asOf}; waits for it. */
    Run applyChanges(String supplier, Instant asOf);

    /** Restarts a failed run where its last committed chunk left off; an {@link IllegalArgumentException} if there is no such run. */
    Run restart(long executionId);
}
