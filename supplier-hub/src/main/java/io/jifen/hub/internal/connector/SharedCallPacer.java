package io.jifen.hub.internal.connector;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Call slots shared by every instance of the hub through PostgreSQL: one row per supplier holds its next free slot
 * ({@code supplier_hub.call_pace}), and taking a slot is one upsert that moves it on by the interval, atomically under
 * the row's lock. Times are the database's, so the instances' clocks need not agree. Runs in a transaction of its own,
 * committed at once, so that a caller's transaction never holds the row (and every other instance's calls) while it
 * waits for the supplier.
 */
@Component
class SharedCallPacer implements CallPacer {

    private final JdbcClient jdbc;
    private final TransactionTemplate own;

    SharedCallPacer(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public Duration reserve(String supplier, int callsPerSecond) {
        long interval = 1_000_000L / callsPerSecond;
        // The slot taken is the one before the next free slot as updated: its distance from now is the wait.
        Long micros = own.execute(status -> jdbc.sql("""
                        insert into supplier_hub.call_pace as pace (supplier_id, next_slot)
                        values (:supplier, statement_timestamp() + :interval * interval '1 microsecond')
                        on conflict (supplier_id) do update
                            set next_slot = greatest(pace.next_slot, statement_timestamp()) + :interval * interval '1 microsecond'
                        returning (extract(epoch from pace.next_slot - statement_timestamp()) * 1000000)::bigint - :interval""")
                .param("supplier", supplier)
                .param("interval", interval)
                .query(Long.class).single());
        return Duration.ofNanos(Math.max(0, micros == null ? 0 : micros) * 1000);
    }
}
