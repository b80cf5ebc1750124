package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.internal.ChainBacklog;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.ledger.internal.PostingRows;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.web.Hashes;

import static io.jifen.platform.ledger.LedgerRows.utc;

/**
 * Books out the points of lots whose expiry has passed, wallet by wallet: one EXPIRE transaction per wallet for the
 * sum of its due lots, from the wallet to the tenant's expired account, with a movement per lot. Wallets are locked and
 * their lots read under the lock, so a lot is expired once however often a run is repeated or restarted; a refund that
 * later restores points into an expired lot gives it remaining points again, which the next run expires.
 */
@Service
class PointsExpiry {

    private record DueLot(UUID lot, UUID wallet, long remaining) {
    }

    private record Wallet(UUID memberId, UUID pointTypeId, long balance, long owed) {
    }

    private final JdbcClient jdbc;
    private final LedgerAccounts accounts;
    private final TransactionTemplate newTransaction;
    private final Clock clock;
    private final ChainBacklog chain;

    PointsExpiry(JdbcClient jdbc, LedgerAccounts accounts, PlatformTransactionManager transactionManager, Clock clock, ChainBacklog chain) {
        this.clock = clock;
        this.chain = chain;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Up to {@code limit} wallets of the current tenant that hold lots due at {@code asOf}, in id order after
     * {@code afterWallet} (a keyset walk over the open-lot index).
     */
    public List<UUID> dueWallets(Instant asOf, UUID afterWallet, int limit) {
        return newTransaction.execute(status -> jdbc.sql("""
                        select distinct account_id from platform.ledger_lot
                        where tenant_id = platform.current_tenant() and remaining > 0 and expires_at <= ? and account_id > ?
                        order by account_id limit ?""")
                .params(utc(asOf), afterWallet, limit)
                .query(UUID.class)
                .list());
    }

    /**
     * Expires every lot of the given wallets of the current tenant that is due at {@code asOf}, in one transaction and
     * a handful of statements. Returns how many lots it expired.
     */
    public int expire(List<UUID> walletIds, Instant asOf) {
        return newTransaction.execute(status -> {
            // Lock the wallets first (in a fixed order); from then on their lots cannot change under us.
            Map<UUID, Wallet> wallets = new HashMap<>();
            jdbc.sql("""
                            select id, member_id, point_type_id, balance, owed from platform.ledger_account
                            where tenant_id = platform.current_tenant() and id = any(?::uuid[]) and kind = 'WALLET'
                            order by id for update""")
                    .param(walletIds.toArray(UUID[]::new))
                    .query(rs -> {
                        wallets.put(rs.getObject(1, UUID.class),
                                new Wallet(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getLong(4), rs.getLong(5)));
                    });
            // Read under the locks: a lot another run expired meanwhile has nothing remaining and is skipped.
            Map<UUID, List<DueLot>> dueByWallet = new LinkedHashMap<>();
            jdbc.sql("""
                            select id, account_id, remaining from platform.ledger_lot
                            where tenant_id = platform.current_tenant() and account_id = any(?::uuid[]) and remaining > 0
                              and expires_at <= ?
                            order by account_id, expires_at, id""")
                    .params(wallets.keySet().toArray(UUID[]::new), utc(asOf))
                    .query(rs -> {
                        var lot = new DueLot(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3));
                        dueByWallet.computeIfAbsent(lot.wallet(), w -> new ArrayList<>()).add(lot);
                    });
            if (dueByWallet.isEmpty()) {
                return 0;
            }
            Map<UUID, UUID> expiredAccounts = accounts.systemAccounts(
                    dueByWallet.keySet().stream().map(id -> wallets.get(id).pointTypeId()).distinct().toList(), Kind.EXPIRED);
            Instant now = clock.instant();
            PostingRows rows = new PostingRows();
            chain.wrote(TenantContext.require());
            int expired = 0;
            for (var due : dueByWallet.entrySet()) {
                Wallet wallet = wallets.get(due.getKey());
                long points = due.getValue().stream().mapToLong(DueLot::remaining).sum();
                long balance = wallet.balance() - points;
                // Not a client's request: the wallet lock, not the key, keeps a lot from expiring twice; the key is unique.
                UUID tx = TimeOrderedIds.next();
                String key = "expire:" + tx;
                rows.transaction(tx, wallet.pointTypeId(), wallet.memberId(), "EXPIRE", points, key, Hashes.sha256Hex(key), "expiry",
                        "points expired", null, balance, now);
                rows.entries(tx, due.getKey(), expiredAccounts.get(wallet.pointTypeId()), points);
                for (DueLot lot : due.getValue()) {
                    rows.movement(tx, lot.lot(), -lot.remaining());
                    rows.changeLot(lot.lot(), -lot.remaining());
                    expired++;
                }
                rows.wallet(due.getKey(), balance, wallet.owed());
            }
            rows.flush(jdbc);
            return expired;
        });
    }

}
