package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The row writes every posting is made of: entries, lot movements and lot changes, always in the current tenant. */
@Component
class LedgerRows {

    private final JdbcClient jdbc;

    LedgerRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The two lines of a simple movement: {@code points} from one account to another; they sum to zero. */
    void insertEntries(UUID tx, UUID from, UUID to, long points) {
        jdbc.sql("""
                        insert into platform.ledger_entry (tenant_id, transaction_id, line, account_id, amount)
                        values (platform.current_tenant(), ?, 1, ?, ?), (platform.current_tenant(), ?, 2, ?, ?)""")
                .params(tx, from, -points, tx, to, points)
                .update();
    }

    void insertMovement(UUID tx, UUID lot, long amount) {
        jdbc.sql("insert into platform.ledger_lot_movement (tenant_id, transaction_id, lot_id, amount) values (platform.current_tenant(), ?, ?, ?)")
                .params(tx, lot, amount)
                .update();
    }

    void changeLot(UUID lot, long delta) {
        jdbc.sql("update platform.ledger_lot set remaining = remaining + ? where tenant_id = platform.current_tenant() and id = ?")
                .params(delta, lot)
                .update();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
