package io.jifen.hub.internal.connector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.hub.HubIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Call slots shared through PostgreSQL, as two instances of the hub (two pacers on one database) take them. */
class SharedCallPacerIT extends HubIntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void twoInstancesTakingSlotsAtOnceGetDistinctSlotsSpacedByTheInterval() throws Exception {
        var one = new SharedCallPacer(jdbc, transactions);
        var other = new SharedCallPacer(jdbc, transactions);
        // A supplier row of its own would need a catalog entry; this supplier's calls are not paced in the tests.
        jdbc.sql("delete from supplier_hub.call_pace where supplier_id = 'tmall'").update();
        int perSecond = 20;
        List<Callable<Duration>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> one.reserve("tmall", perSecond));
            calls.add(() -> other.reserve("tmall", perSecond));
        }

        List<Duration> waits = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Duration> wait : threads.invokeAll(calls)) {
                waits.add(wait.get());
            }
        }

        // Taken within well under a second, the 20 slots span 19 intervals of 50 ms: each wait is at least the one
        // before it plus an interval, less the time that passed between the two reservations.
        Collections.sort(waits);
        assertThat(waits.getLast()).as("the last of 20 slots at 20 a second").isGreaterThan(Duration.ofMillis(19 * 50 - 500));
        var slots = jdbc.sql("select next_slot from supplier_hub.call_pace where supplier_id = 'tmall'").query(java.time.OffsetDateTime.class).single();
        var taken = jdbc.sql("select statement_timestamp()").query(java.time.OffsetDateTime.class).single();
        assertThat(Duration.between(taken, slots)).as("the next free slot is 20 intervals on from the first")
                .isGreaterThan(Duration.ofMillis(20 * 50 - 500)).isLessThanOrEqualTo(Duration.ofMillis(20 * 50));
    }

    @Test
    void aCallerInsideATransactionDoesNotHoldTheSlotsOfOthers() {
        var pacer = new SharedCallPacer(jdbc, transactions);
        var outer = new org.springframework.transaction.support.TransactionTemplate(transactions);

        outer.executeWithoutResult(status -> {
            pacer.reserve("vouchers", 1000);
            // Another instance (another connection) takes the next slot at once: the row is not locked by our transaction.
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                var next = threads.submit(() -> new SharedCallPacer(jdbc, transactions).reserve("vouchers", 1000));
                assertThat(next.get(5, java.util.concurrent.TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(1));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
