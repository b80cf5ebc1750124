package io.jifen.platform.jdbc;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of rows written in large numbers (the ledger's transactions and lots; orders, their steps, stock changes and
 * notifications): time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix milliseconds, then 74 random bits). New rows
 * then land at the right-hand end of the primary key's index, and of every index on a key made from the id (an order's
 * number, a hold's key "order:{id}:hold"), instead of on a random page of it: the pages a write touches stay few and in
 * memory as the tables grow, and fewer of them are written whole to the WAL after each checkpoint. The ids carry no
 * authority: every read is checked by tenant (row-level security) and member.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    public static UUID next() {
        var random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
