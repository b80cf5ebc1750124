package io.jifen.platform.ledger.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of ledger rows that are written in large numbers (transactions, lots): time-ordered UUIDs (version 7, RFC 9562:
 * 48 bits of Unix milliseconds, then 74 random bits). New rows then land at the right-hand end of the primary key's
 * index instead of on a random page of it, which keeps the pages a write touches in memory as the ledger grows. The
 * ids carry no authority: every read is checked by tenant (row-level security) and member.
 */
public final class LedgerIds {

    private LedgerIds() {
    }

    public static UUID next() {
        var random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
