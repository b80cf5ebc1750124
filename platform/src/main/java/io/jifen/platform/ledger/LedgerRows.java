package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.ledger.internal.ChainBacklog;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The row writes a single posting is made of: its transaction, entries, lots, lot movements and lot changes, one
 * statement each, always in the current tenant. (Batches write theirs set-based with {@code PostingRows}.)
 */
@Component
class LedgerRows {

    private final JdbcClient jdbc;
    private final ChainBacklog chain;

    LedgerRows(JdbcClient jdbc, ChainBacklog chain) {
        this.jdbc = jdbc;
        this.chain = chain;
    }

    void insertTransaction(UUID id, UUID pointTypeId, UUID memberId, String kind, long points, String key, String hash,
                           @Nullable String source, @Nullable String reason, @Nullable String actor, @Nullable UUID reverses,
                           long balanceAfter, Instant now) {
        insertTransaction(id, pointTypeId, memberId, kind, points, key, hash, source, reason, actor, reverses, balanceAfter, now, null, null);
    }

    /** A transaction; a transfer also names the receiver ({@code counterparty}) and the receiver's balance after it. */
    void insertTransaction(UUID id, UUID pointTypeId, UUID memberId, String kind, long points, String key, String hash,
                           @Nullable String source, @Nullable String reason, @Nullable String actor, @Nullable UUID reverses,
                           long balanceAfter, Instant now, @Nullable UUID counterparty, @Nullable Long counterpartyBalanceAfter) {
        chain.wrote(TenantContext.require());
        jdbc.sql("""
                        insert into platform.ledger_transaction (tenant_id, id, point_type_id, member_id, kind, points, idempotency_key,
                            request_hash, source, reason, actor, reverses_id, balance_after, created_at, counterparty_member_id,
                            counterparty_balance_after)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, pointTypeId, memberId, kind, points, key, hash, source, reason, actor, reverses, balanceAfter, utc(now),
                        counterparty, counterpartyBalanceAfter)
                .update();
    }

    /** The two lines of a simple movement: {@code points} from one account to another; they sum to zero. */
    void insertEntries(UUID tx, UUID from, UUID to, long points) {
        jdbc.sql("""
                        insert into platform.ledger_entry (tenant_id, transaction_id, line, account_id, amount)
                        values (platform.current_tenant(), ?, 1, ?, ?), (platform.current_tenant(), ?, 2, ?, ?)""")
                .params(tx, from, -points, tx, to, points)
                .update();
    }

    /**
     * The lines of two movements in a row, {@code points} each: from {@code from} to {@code via} in {@code tx}, then on
     * from {@code via} to {@code to} in {@code next} (a hold captured at once), in one statement.
     */
    void insertEntries(UUID tx, UUID from, UUID via, long points, UUID next, UUID to) {
        jdbc.sql("""
                        insert into platform.ledger_entry (tenant_id, transaction_id, line, account_id, amount)
                        values (platform.current_tenant(), ?, 1, ?, ?), (platform.current_tenant(), ?, 2, ?, ?),
                               (platform.current_tenant(), ?, 1, ?, ?), (platform.current_tenant(), ?, 2, ?, ?)""")
                .params(tx, from, -points, tx, via, points, next, via, -points, next, to, points)
                .update();
    }

    /**
     * A new lot of {@code points} in the wallet, expiring at {@code expiresAt} (null: never) and spendable from
     * {@code availableAt} (null: at once).
     */
    void insertLot(UUID id, UUID walletId, UUID tx, long points, Instant earnedAt, @Nullable Instant expiresAt,
                   @Nullable Instant availableAt) {
        jdbc.sql("""
                        insert into platform.ledger_lot (tenant_id, id, account_id, transaction_id, original, remaining, earned_at, expires_at,
                                                         available_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, walletId, tx, points, points, utc(earnedAt), utc(expiresAt), utc(availableAt))
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
