package io.jifen.platform.ledger.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The canonical bytes of ledger transactions of the current tenant, as the chain links them: every column of the
 * transaction, its entries in line order, and its lot movements in lot order, each with the fixed parts of its lot
 * (account, original points, transaction, earned, expires, available), then what it took from or gave back to lots'
 * expired points (a festival spend and its refunds). Only what never changes after the posting:
 * a lot's remaining points, a wallet's kept balance and a hold's status are projections, proved by reconciliation.
 * Sealing and verifying both read through here, so they agree byte for byte.
 */
@Component
public class ChainRecords {

    private static final String VERSION = "jifen-ledger-chain/1";

    private final JdbcClient jdbc;

    ChainRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The canonical bytes of each of the given transactions that exists, by id. */
    public Map<UUID, byte[]> read(List<UUID> transactionIds) {
        Map<UUID, Record> records = new HashMap<>();
        UUID[] ids = transactionIds.toArray(UUID[]::new);
        jdbc.sql("""
                        select id, tenant_id, point_type_id, member_id, kind, points, idempotency_key, request_hash, source, reason, actor,
                               reverses_id, counterparty_member_id, counterparty_balance_after, balance_after, created_at
                        from platform.ledger_transaction where tenant_id = platform.current_tenant() and id = any(?::uuid[])""")
                .param(ids)
                .query(rs -> {
                    var record = new Record();
                    for (int column = 1; column <= 16; column++) {
                        record.value(rs, column);
                    }
                    records.put(rs.getObject(1, UUID.class), record);
                });
        jdbc.sql("""
                        select transaction_id, line, account_id, amount from platform.ledger_entry
                        where tenant_id = platform.current_tenant() and transaction_id = any(?::uuid[]) order by transaction_id, line""")
                .param(ids)
                .query(rs -> {
                    var record = records.get(rs.getObject(1, UUID.class));
                    if (record != null) {
                        record.part('E');
                        record.value(rs, 2);
                        record.value(rs, 3);
                        record.value(rs, 4);
                    }
                });
        jdbc.sql("""
                        select m.transaction_id, m.lot_id, m.amount, l.account_id, l.original, l.transaction_id, l.earned_at, l.expires_at,
                               l.available_at
                        from platform.ledger_lot_movement m
                        left join platform.ledger_lot l on l.tenant_id = m.tenant_id and l.id = m.lot_id
                        where m.tenant_id = platform.current_tenant() and m.transaction_id = any(?::uuid[]) order by m.transaction_id, m.lot_id""")
                .param(ids)
                .query(rs -> {
                    var record = records.get(rs.getObject(1, UUID.class));
                    if (record != null) {
                        record.part('M');
                        for (int column = 2; column <= 9; column++) {
                            record.value(rs, column);
                        }
                    }
                });
        // A festival spend's (and its refunds') takes from lots' expired points (changelog 036). Only those transactions
        // have any, so every earlier transaction keeps its bytes and its links verify as before.
        jdbc.sql("""
                        select transaction_id, lot_id, amount from platform.ledger_expired_movement
                        where tenant_id = platform.current_tenant() and transaction_id = any(?::uuid[]) order by transaction_id, lot_id""")
                .param(ids)
                .query(rs -> {
                    var record = records.get(rs.getObject(1, UUID.class));
                    if (record != null) {
                        record.part('X');
                        record.value(rs, 2);
                        record.value(rs, 3);
                    }
                });
        Map<UUID, byte[]> bytes = new HashMap<>();
        records.forEach((id, record) -> bytes.put(id, record.bytes()));
        return bytes;
    }

    /** Typed, length-prefixed values: no two different rows share their bytes. */
    private static final class Record {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(buffer);

        Record() {
            write(() -> out.writeUTF(VERSION));
        }

        void part(char tag) {
            write(() -> out.writeByte(tag));
        }

        void value(ResultSet rs, int column) throws SQLException {
            Object value = rs.getObject(column);
            if (value instanceof java.sql.Timestamp || value instanceof OffsetDateTime) {
                value = rs.getObject(column, OffsetDateTime.class);
            }
            writeValue(value);
        }

        private void writeValue(@Nullable Object value) {
            write(() -> {
                switch (value) {
                    case null -> out.writeByte(0);
                    case UUID uuid -> {
                        out.writeByte('u');
                        out.writeLong(uuid.getMostSignificantBits());
                        out.writeLong(uuid.getLeastSignificantBits());
                    }
                    case String text -> {
                        out.writeByte('s');
                        out.writeUTF(text);
                    }
                    case Number number -> {
                        out.writeByte('n');
                        out.writeLong(number.longValue());
                    }
                    case OffsetDateTime time -> {
                        out.writeByte('t');
                        out.writeLong(ChronoUnit.MICROS.between(java.time.Instant.EPOCH, time.toInstant()));
                    }
                    default -> throw new IllegalStateException("no canonical form for " + value.getClass());
                }
            });
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }

        private void write(Writer writer) {
            try {
                writer.write();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @FunctionalInterface
        private interface Writer {
            void write() throws IOException;
        }
    }
}
