package io.jifen.platform.ledger;

import static io.jifen.platform.ledger.LedgerRows.utc;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.ledger.LedgerAccounts.Kind;

/**
 * Books out the points of lots whose expiry has passed: one EXPIRE transaction per lot, from the wallet to the
 * tenant's expired account. The idempotency key names the lot and every point ever credited to it, so a lot is
 * expired once per state however often a run is repeated or restarted; a refund that later restores points into
 * an expired lot gives it a new state, which the next run expires again.
 */
@Service
public class PointsExpiry {

    private record DueLot(UUID lot, UUID wallet, UUID memberId, UUID pointTypeId, long remaining, long credited) {
    }

    private final JdbcClient jdbc;
    private final LedgerAccounts accounts;
    private final LedgerRows rows;
    private final TransactionTemplate newTransaction;
    private final Clock clock;

    PointsExpiry(JdbcClient jdbc, LedgerAccounts accounts, LedgerRows rows, PlatformTransactionManager transactionManager, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.rows = rows;
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A lot that is due, by its place in the (expiry, id) order. */
    public record Due(UUID id, Instant expiresAt) {
    }

    /** Up to {@code limit} of the current tenant's lots due at {@code asOf}, after the given position (keyset). */
    public List<Due> dueLots(Instant asOf, Instant afterExpiresAt, UUID afterId, int limit) {
        return newTransaction.execute(status -> jdbc.sql("""
                        select id, expires_at from platform.ledger_lot
                        where tenant_id = platform.current_tenant() and remaining > 0 and expires_at <= ?
                          and (expires_at, id) > (?, ?)
                        order by expires_at, id limit ?""")
                .params(utc(asOf), utc(afterExpiresAt), afterId, limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list());
    }

    /** Expires the given lots of the current tenant that are due at {@code asOf}, in one transaction; returns how many. */
    public int expire(List<UUID> lotIds, Instant asOf) {
        return newTransaction.execute(status -> {
            // Lock the wallets first (in a fixed order); from then on their lots cannot change under us.
            List<UUID> wallets = jdbc.sql("""
                            select distinct account_id from platform.ledger_lot
                            where tenant_id = platform.current_tenant() and id = any(?::uuid[]) order by account_id""")
                    .param(uuidArray(lotIds))
                    .query(UUID.class).list();
            Map<UUID, Long> balances = new HashMap<>();
            jdbc.sql("""
                            select id, balance from platform.ledger_account
                            where tenant_id = platform.current_tenant() and id = any(?::uuid[]) order by id for update""")
                    .param(uuidArray(wallets))
                    .query(rs -> {
                        balances.put(rs.getObject(1, UUID.class), rs.getLong(2));
                    });
            List<DueLot> due = jdbc.sql("""
                            select l.id, l.account_id, a.member_id, a.point_type_id, l.remaining,
                                   (select sum(m.amount) from platform.ledger_lot_movement m
                                    where m.tenant_id = l.tenant_id and m.lot_id = l.id and m.amount > 0) as credited
                            from platform.ledger_lot l
                            join platform.ledger_account a on a.tenant_id = l.tenant_id and a.id = l.account_id
                            where l.tenant_id = platform.current_tenant() and l.id = any(?::uuid[]) and l.remaining > 0 and l.expires_at <= ?
                            order by l.account_id, l.expires_at, l.id""")
                    .params(uuidArray(lotIds), utc(asOf))
                    .query((rs, n) -> new DueLot(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class), rs.getLong(5), rs.getLong(6)))
                    .list();
            Map<UUID, UUID> expiredAccounts = new HashMap<>();
            OffsetDateTime now = utc(clock.instant());
            int expired = 0;
            for (DueLot lot : due) {
                UUID expiredAccount = expiredAccounts.computeIfAbsent(lot.pointTypeId(), type -> accounts.system(type, Kind.EXPIRED));
                long balance = balances.merge(lot.wallet(), -lot.remaining(), Long::sum);
                UUID tx = UUID.randomUUID();
                String key = "expire:" + lot.lot() + ":" + lot.credited();
                int inserted = jdbc.sql("""
                                insert into platform.ledger_transaction (tenant_id, id, point_type_id, member_id, kind, points, idempotency_key,
                                    request_hash, source, reason, balance_after, created_at)
                                values (platform.current_tenant(), ?, ?, ?, 'EXPIRE', ?, ?, encode(sha256(convert_to(?, 'UTF8')), 'hex'),
                                        'expiry', 'points expired', ?, ?)
                                on conflict (tenant_id, idempotency_key) do nothing""")
                        .params(tx, lot.pointTypeId(), lot.memberId(), lot.remaining(), key, key, balance, now)
                        .update();
                if (inserted == 0) {
                    balances.merge(lot.wallet(), lot.remaining(), Long::sum);
                    continue;
                }
                rows.insertEntries(tx, lot.wallet(), expiredAccount, lot.remaining());
                rows.insertMovement(tx, lot.lot(), -lot.remaining());
                rows.changeLot(lot.lot(), -lot.remaining());
                expired++;
            }
            balances.forEach(accounts::setWalletBalance);
            return expired;
        });
    }

    private static UUID[] uuidArray(List<UUID> ids) {
        return ids.toArray(UUID[]::new);
    }

}
