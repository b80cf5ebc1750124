package io.jifen.hub.internal.connector;

import java.time.Duration;

/**
 * Hands out the slots of calls to a supplier at its agreed rate, evenly spaced: each call takes the next free slot and
 * waits until it comes. {@link SharedCallPacer} shares the slots between every instance of the hub (suppliers count
 * calls per account, not per server); {@link #local()} only between the threads of this one.
 */
public interface CallPacer {

    /** Takes the next slot of the supplier's calls at {@code callsPerSecond} (positive); answers how long until it comes. */
    Duration reserve(String supplier, int callsPerSecond);

    /** Slots kept in this JVM: for a connector on its own (tests, tools), not for replicas sharing an account. */
    static CallPacer local() {
        return new CallPacer() {
            private final java.util.Map<String, Long> nextSlot = new java.util.HashMap<>();

            @Override
            public synchronized Duration reserve(String supplier, int callsPerSecond) {
                long now = System.nanoTime();
                long slot = Math.max(now, nextSlot.getOrDefault(supplier, now));
                nextSlot.put(supplier, slot + 1_000_000_000L / callsPerSecond);
                return Duration.ofNanos(slot - now);
            }
        };
    }
}
