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
        // A pace row names a known supplier; the tests do not pace their calls to Tmall, so its row is free to use here.
        jdbc.sql("delete from supplier_hub.call_pace where supplier_id = 'tmall'").update();
        int perSecond = 2;
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

        // 20 slots at 2 a second span 9.5 s from the first; taking them takes far less (4 s allowed for a slow machine),
        // so the last caller waits most of that, and the next free slot is 10 s on from the first.
        Collections.sort(waits);
        assertThat(waits.getFirst()).isLessThan(Duration.ofSeconds(4));
        assertThat(waits.getLast()).as("the last of 20 slots at 2 a second").isGreaterThan(Duration.ofMillis(9_500 - 4_000));
        var next = Duration.ofMillis(jdbc.sql("""
                        select (extract(epoch from next_slot - statement_timestamp()) * 1000)::bigint
                        from supplier_hub.call_pace where supplier_id = 'tmall'""")
                .query(Long.class).single());
        assertThat(next).as("the next free slot is 20 intervals on from the first").isBetween(Duration.ofMillis(10_000 - 4_000), Duration.ofSeconds(10));
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
