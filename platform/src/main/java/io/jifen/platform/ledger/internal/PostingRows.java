package io.jifen.platform.ledger.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.platform.jdbc.SqlColumns;
import io.jifen.platform.jdbc.SqlPipeline;

/**
 * The rows of many postings of one tenant, gathered in memory and written with one statement per table (an
 * {@code unnest} over arrays) when flushed: a batch of a thousand postings costs about as many round trips as one.
 * Used by group-committed earns, holds and the expiry run. Not thread-safe; one instance per batch.
 */
public final class PostingRows {

    private final List<Object[]> transactions = new ArrayList<>();
    private final List<Object[]> entries = new ArrayList<>();
    private final List<Object[]> lots = new ArrayList<>();
    private final List<Object[]> movements = new ArrayList<>();
    private final Map<UUID, Long> lotChanges = new LinkedHashMap<>();
    private final Map<UUID, WalletTotals> wallets = new LinkedHashMap<>();
    private final List<Object[]> holds = new ArrayList<>();

    private record WalletTotals(long balance, long owed) {
    }

    public void transaction(UUID id, UUID pointTypeId, UUID memberId, String kind, long points, String key, String hash,
                     @Nullable String source, @Nullable String reason, @Nullable String actor, long balanceAfter, Instant createdAt) {
        transaction(id, pointTypeId, memberId, kind, points, key, hash, source, reason, actor, null, balanceAfter, createdAt);
    }

    /** A transaction that settles or reverses an earlier one ({@code reverses}: a hold's capture, for one). */
    public void transaction(UUID id, UUID pointTypeId, UUID memberId, String kind, long points, String key, String hash,
                     @Nullable String source, @Nullable String reason, @Nullable String actor, @Nullable UUID reverses, long balanceAfter,
                     Instant createdAt) {
        transactions.add(new Object[] {id, pointTypeId, memberId, kind, points, key, hash, source, reason, actor, reverses, balanceAfter,
                createdAt.toString()});
    }

    /** The two lines of a simple movement: {@code points} from one account to another. */
    public void entries(UUID tx, UUID from, UUID to, long points) {
        entries.add(new Object[] {tx, (short) 1, from, -points});
        entries.add(new Object[] {tx, (short) 2, to, points});
    }

    public void lot(UUID id, UUID accountId, UUID tx, long points, Instant earnedAt, @Nullable Instant expiresAt, @Nullable Instant availableAt) {
        lots.add(new Object[] {id, accountId, tx, points, earnedAt.toString(), text(expiresAt), text(availableAt)});
    }

    public void movement(UUID tx, UUID lot, long amount) {
        movements.add(new Object[] {tx, lot, amount});
    }

    /** Adds {@code delta} to the remaining points of a lot that existed before this batch (the statement cannot see its own inserts). */
    public void changeLot(UUID lot, long delta) {
        lotChanges.merge(lot, delta, Long::sum);
    }

    /** A hold's row: HELD, or CAPTURED by {@code settledBy} when it was captured at once. */
    public void hold(UUID id, UUID memberId, UUID pointTypeId, long points, String status, Instant expiresAt, @Nullable UUID settledBy) {
        holds.add(new Object[] {id, memberId, pointTypeId, points, status, expiresAt.toString(), settledBy});
    }

    /** The wallet's kept balance and owed amount after the batch. */
    public void wallet(UUID id, long balance, long owed) {
        wallets.put(id, new WalletTotals(balance, owed));
    }

    /**
     * Writes everything gathered in one statement (data-modifying CTEs; foreign keys are checked at its end), in the
     * current transaction and tenant.
     */
    public void flush(JdbcClient jdbc) {
        if (!isEmpty()) {
            Statement statement = statement();
            jdbc.sql(statement.sql()).params(statement.params()).query(Integer.class).single();
        }
    }

    /** Adds the statement that writes everything gathered to {@code pipeline}, to run in the tenant current then. */
    public void addTo(SqlPipeline pipeline) {
        if (!isEmpty()) {
            Statement statement = statement();
            pipeline.add(statement.sql(), statement.params());
        }
    }

    private boolean isEmpty() {
        return transactions.isEmpty() && entries.isEmpty() && lots.isEmpty() && movements.isEmpty() && lotChanges.isEmpty()
                && wallets.isEmpty() && holds.isEmpty();
    }

    private record Statement(String sql, List<Object> params) {
    }

    private Statement statement() {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (!transactions.isEmpty()) {
            parts.add("""
                    insert into platform.ledger_transaction (tenant_id, id, point_type_id, member_id, kind, points, idempotency_key,
                        request_hash, source, reason, actor, reverses_id, balance_after, created_at)
                    select platform.current_tenant(), t.id, t.point_type_id, t.member_id, t.kind, t.points, t.idempotency_key,
                           t.request_hash, t.source, t.reason, t.actor, t.reverses_id, t.balance_after, cast(t.created_at as timestamptz)
                    from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                                ?::text[], ?::text[], ?::uuid[], ?::bigint[], ?::text[])
                         as t(id, point_type_id, member_id, kind, points, idempotency_key, request_hash, source, reason, actor,
                              reverses_id, balance_after, created_at)""");
            params.addAll(SqlColumns.of(transactions, UUID.class, UUID.class, UUID.class, String.class, Long.class, String.class,
                    String.class, String.class, String.class, String.class, UUID.class, Long.class, String.class));
        }
        if (!entries.isEmpty()) {
            parts.add("""
                    insert into platform.ledger_entry (tenant_id, transaction_id, line, account_id, amount)
                    select platform.current_tenant(), e.* from unnest(?::uuid[], ?::smallint[], ?::uuid[], ?::bigint[]) as e""");
            params.addAll(SqlColumns.of(entries, UUID.class, Short.class, UUID.class, Long.class));
        }
        if (!lots.isEmpty()) {
            parts.add("""
                    insert into platform.ledger_lot (tenant_id, id, account_id, transaction_id, original, remaining, earned_at,
                                                     expires_at, available_at)
                    select platform.current_tenant(), l.id, l.account_id, l.transaction_id, l.points, l.points,
                           cast(l.earned_at as timestamptz), cast(l.expires_at as timestamptz), cast(l.available_at as timestamptz)
                    from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                         as l(id, account_id, transaction_id, points, earned_at, expires_at, available_at)""");
            params.addAll(SqlColumns.of(lots, UUID.class, UUID.class, UUID.class, Long.class, String.class, String.class, String.class));
        }
        if (!movements.isEmpty()) {
            parts.add("""
                    insert into platform.ledger_lot_movement (tenant_id, transaction_id, lot_id, amount)
                    select platform.current_tenant(), m.* from unnest(?::uuid[], ?::uuid[], ?::bigint[]) as m""");
            params.addAll(SqlColumns.of(movements, UUID.class, UUID.class, Long.class));
        }
        if (!lotChanges.isEmpty()) {
            parts.add("""
                    update platform.ledger_lot l set remaining = l.remaining + c.delta
                    from unnest(?::uuid[], ?::bigint[]) as c(id, delta)
                    where l.tenant_id = platform.current_tenant() and l.id = c.id""");
            params.add(lotChanges.keySet().toArray(UUID[]::new));
            params.add(lotChanges.values().toArray(Long[]::new));
        }
        if (!wallets.isEmpty()) {
            parts.add("""
                    update platform.ledger_account a set balance = w.balance, owed = w.owed
                    from unnest(?::uuid[], ?::bigint[], ?::bigint[]) as w(id, balance, owed)
                    where a.tenant_id = platform.current_tenant() and a.id = w.id""");
            params.add(wallets.keySet().toArray(UUID[]::new));
            params.add(wallets.values().stream().map(WalletTotals::balance).toArray(Long[]::new));
            params.add(wallets.values().stream().map(WalletTotals::owed).toArray(Long[]::new));
        }
        if (!holds.isEmpty()) {
            parts.add("""
                    insert into platform.ledger_hold (tenant_id, id, member_id, point_type_id, points, status, expires_at, settled_by)
                    select platform.current_tenant(), h.id, h.member_id, h.point_type_id, h.points, h.status,
                           cast(h.expires_at as timestamptz), h.settled_by
                    from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::uuid[])
                         as h(id, member_id, point_type_id, points, status, expires_at, settled_by)""");
            params.addAll(SqlColumns.of(holds, UUID.class, UUID.class, UUID.class, Long.class, String.class, String.class, UUID.class));
        }
        var sql = new StringBuilder("with ");
        for (int i = 0; i < parts.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("w").append(i).append(" as (").append(parts.get(i)).append(")");
        }
        return new Statement(sql.append(" select 1").toString(), params);
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

}
