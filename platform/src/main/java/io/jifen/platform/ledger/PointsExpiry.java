package io.jifen.platform.ledger;

import static io.jifen.platform.ledger.LedgerRows.utc;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.api.Hashes;
import io.jifen.platform.ledger.LedgerAccounts.Kind;

/**
 * Books out the points of lots whose expiry has passed: per wallet and chunk one EXPIRE transaction from the wallet
 * to the tenant's expired account, with a movement per lot. Wallets are locked and the lots re-read under the lock,
 * so a lot is expired once however often a run is repeated or restarted; the idempotency key (the lots and every
 * point ever credited to them) guards the same; a refund that later restores points into
 * an expired lot gives it a new state, which the next run expires again.
 */
@Service
public class PointsExpiry {

    private record DueLot(UUID lot, UUID wallet, UUID memberId, UUID pointTypeId, long remaining, long credited) {
    }

    private final JdbcClient jdbc;
    private final LedgerAccounts accounts;
    private final TransactionTemplate newTransaction;
    private final Clock clock;

    PointsExpiry(JdbcClient jdbc, LedgerAccounts accounts, PlatformTransactionManager transactionManager, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.accounts = accounts;
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

    /**
     * Expires the given lots of the current tenant that are due at {@code asOf}, in one transaction and a handful of
     * statements: one EXPIRE transaction per wallet for the sum of its due lots, with a movement per lot. Returns how
     * many lots it expired.
     */
    public int expire(List<UUID> lotIds, Instant asOf) {
        return newTransaction.execute(status -> {
            // Lock the wallets first (in a fixed order); from then on their lots cannot change under us.
            Map<UUID, long[]> wallets = new HashMap<>();
            jdbc.sql("""
                            select a.id, a.balance, a.owed from platform.ledger_account a
                            where a.tenant_id = platform.current_tenant() and a.id in (
                                select l.account_id from platform.ledger_lot l
                                where l.tenant_id = platform.current_tenant() and l.id = any(?::uuid[]))
                            order by a.id for update""")
                    .param(uuidArray(lotIds))
                    .query(rs -> {
                        wallets.put(rs.getObject(1, UUID.class), new long[] {rs.getLong(2), rs.getLong(3)});
                    });
            // Re-read under the locks: a lot another run expired meanwhile has nothing remaining and is skipped.
            Map<UUID, List<DueLot>> dueByWallet = new LinkedHashMap<>();
            jdbc.sql("""
                            select l.id, l.account_id, a.member_id, a.point_type_id, l.remaining,
                                   (select sum(m.amount) from platform.ledger_lot_movement m
                                    where m.tenant_id = l.tenant_id and m.lot_id = l.id and m.amount > 0) as credited
                            from platform.ledger_lot l
                            join platform.ledger_account a on a.tenant_id = l.tenant_id and a.id = l.account_id
                            where l.tenant_id = platform.current_tenant() and l.id = any(?::uuid[]) and l.remaining > 0 and l.expires_at <= ?
                            order by l.account_id, l.expires_at, l.id""")
                    .params(uuidArray(lotIds), utc(asOf))
                    .query(rs -> {
                        var lot = new DueLot(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                                rs.getObject(4, UUID.class), rs.getLong(5), rs.getLong(6));
                        dueByWallet.computeIfAbsent(lot.wallet(), w -> new ArrayList<>()).add(lot);
                    });
            if (dueByWallet.isEmpty()) {
                return 0;
            }
            Map<UUID, UUID> expiredAccounts = accounts.systemAccounts(
                    dueByWallet.values().stream().map(lots -> lots.getFirst().pointTypeId()).distinct().toList(), Kind.EXPIRED);
            Instant now = clock.instant();
            PostingRows rows = new PostingRows();
            int expired = 0;
            for (List<DueLot> lots : dueByWallet.values()) {
                DueLot first = lots.getFirst();
                long points = lots.stream().mapToLong(DueLot::remaining).sum();
                long[] wallet = wallets.get(first.wallet());
                wallet[0] -= points;
                // The key names each lot with every point ever credited to it: the same lots in the same state expire once.
                String state = lots.stream().map(lot -> lot.lot() + ":" + lot.credited()).collect(Collectors.joining(","));
                String key = "expire:" + first.wallet() + ":" + Hashes.sha256Hex(state).substring(0, 32);
                UUID tx = UUID.randomUUID();
                rows.transaction(tx, first.pointTypeId(), first.memberId(), "EXPIRE", points, key, Hashes.sha256Hex(key), "expiry",
                        "points expired", null, wallet[0], now);
                rows.entries(tx, first.wallet(), expiredAccounts.get(first.pointTypeId()), points);
                for (DueLot lot : lots) {
                    rows.movement(tx, lot.lot(), -lot.remaining());
                    rows.changeLot(lot.lot(), -lot.remaining());
                    expired++;
                }
                rows.wallet(first.wallet(), wallet[0], wallet[1]);
            }
            rows.flush(jdbc);
            return expired;
        });
    }

    private static UUID[] uuidArray(List<UUID> ids) {
        return ids.toArray(UUID[]::new);
    }

}
