package io.jifen.hub;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Runs the catalog sync jobs of a supplier and reports how they went (the operator's view and the schedules use it). */
public interface CatalogSyncs {

    /**
     * A run: its status, the SKUs read and written (delisted ones count as written), how many SKUs a full sync has to
     * read in all (known once it has listed the supplier's SKU ids and committed its first chunk; null before that and
     * for a change sync), and when it ran (no end while it runs).
     */
    record Run(long executionId, String supplier, String job, String status, long read, long written, @Nullable Long total,
               @Nullable Instant startedAt, @Nullable Instant endedAt) {
    }

    /** A full sync of the supplier's catalog, as of {@code asOf} (one run per supplier and instant); waits for it. */
    Run fullSync(String supplier, Instant asOf);

    /** Applies the supplier's pending change messages, as of {@code asOf}; waits for it. */
    Run applyChanges(String supplier, Instant asOf);

    /**
     * The latest runs, newest first, of one supplier or of all ({@code supplier} null), at most {@code count}; a run
     * under way shows its progress as of its last committed chunk.
     */
    List<Run> runs(@Nullable String supplier, int count);

    /** Restarts a failed run where its last committed chunk left off; an {@link IllegalArgumentException} if there is no such run. */
    Run restart(long executionId);
}
