package io.jifen.hub;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Settles a month with a supplier and reads the results. A month can be settled more than once (after the supplier
 * corrects its statement); every run is kept.
 */
public interface SupplierSettlements {

    /** Outcomes of a settlement's items. */
    List<String> OUTCOMES = List.of("MATCHED", "PRICE_MISMATCH", "STATE_MISMATCH", "DUPLICATE", "MISSING_AT_SUPPLIER", "MISSING_AT_HUB");

    /**
     * Settles the month (Beijing time) with the supplier, as requested at {@code requestedAt} (one run per supplier,
     * month and instant); waits for it. A run whose statement could not be fetched fails and has no results; a
     * {@link SettlementFailed} says why.
     */
    Settlement settle(String supplier, YearMonth month, Instant requestedAt);

    Optional<Settlement> find(long id);

    /** The supplier's latest runs, newest first. */
    List<Settlement> runs(String supplier, int limit);

    /** A page of a run's items, optionally of one outcome ({@link #OUTCOMES}; another is an {@link IllegalArgumentException}). */
    List<Settlement.Item> items(long id, @Nullable String outcome, int offset, int limit);

    /** A settlement that could not be made (the supplier's statement was unavailable or did not read). */
    class SettlementFailed extends RuntimeException {
        public SettlementFailed(String supplier, YearMonth month, String reason) {
            super("settlement of " + month + " with " + supplier + " failed: " + reason);
        }
    }
}
