package io.jifen.platform.ledger.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Finds or opens ledger accounts. Wallets are locked for the length of a posting: one member's postings go one at a time. */
@Component
public class LedgerAccounts {

    public enum Kind { WALLET, ISSUANCE, REDEEMED, EXPIRED, HELD }

    /** A locked wallet: its balance (open lots - owed) and what the member owes. */
    public record Wallet(UUID id, long balance, long owed) {
    }

    /** A member's wallet of one point type. */
    public record WalletKey(UUID pointTypeId, UUID memberId) {
    }

    private record SystemKey(UUID pointTypeId, Kind kind) {
    }

    private final JdbcClient jdbc;
    private final Map<SystemKey, UUID> systemAccounts = new ConcurrentHashMap<>();

    LedgerAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the member's wallet of the point type, opening it on first use. */
    public Wallet lockWallet(UUID pointTypeId, UUID memberId) {
        return selectWallet(pointTypeId, memberId).orElseGet(() -> {
            open(pointTypeId, Kind.WALLET, memberId);
            return selectWallet(pointTypeId, memberId).orElseThrow();
        });
    }

    private Optional<Wallet> selectWallet(UUID pointTypeId, UUID memberId) {
        return jdbc.sql("""
                        select id, balance, owed from platform.ledger_account
                        where tenant_id = platform.current_tenant() and point_type_id = ? and kind = 'WALLET' and member_id = ?
                        for update""")
                .params(pointTypeId, memberId)
                .query((rs, n) -> new Wallet(rs.getObject("id", UUID.class), rs.getLong("balance"), rs.getLong("owed")))
                .optional();
    }

    /**
     * The point type's system account of {@code kind}, opened on first use. Its id never changes once committed, so it
     * is remembered from the commit on (point type ids are unique across tenants).
     */
    public UUID system(UUID pointTypeId, Kind kind) {
        SystemKey key = new SystemKey(pointTypeId, kind);
        UUID known = systemAccounts.get(key);
        if (known != null) {
            return known;
        }
        UUID id = selectSystem(pointTypeId, kind).orElseGet(() -> {
            open(pointTypeId, kind, null);
            return selectSystem(pointTypeId, kind).orElseThrow();
        });
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    systemAccounts.put(key, id);
                }
            });
        } else {
            systemAccounts.put(key, id);
        }
        return id;
    }

    private Optional<UUID> selectSystem(UUID pointTypeId, Kind kind) {
        return jdbc.sql("""
                        select id from platform.ledger_account
                        where tenant_id = platform.current_tenant() and point_type_id = ? and kind = ? and member_id is null""")
                .params(pointTypeId, kind.name())
                .query(UUID.class)
                .optional();
    }

    /**
     * Locks the wallets of the current tenant, opening those that do not exist yet, in account order (so that two
     * batches locking overlapping wallets cannot deadlock).
     */
    public Map<WalletKey, Wallet> lockWallets(List<WalletKey> keys) {
        UUID[] types = keys.stream().map(WalletKey::pointTypeId).toArray(UUID[]::new);
        UUID[] members = keys.stream().map(WalletKey::memberId).toArray(UUID[]::new);
        Map<WalletKey, Wallet> wallets = selectWallets(types, members);
        if (wallets.size() < keys.size()) {
            jdbc.sql("""
                            insert into platform.ledger_account (tenant_id, id, point_type_id, kind, member_id, balance)
                            select platform.current_tenant(), gen_random_uuid(), k.point_type_id, 'WALLET', k.member_id, 0
                            from unnest(?::uuid[], ?::uuid[]) as k(point_type_id, member_id)
                            order by k.point_type_id, k.member_id
                            on conflict (tenant_id, point_type_id, kind, member_id) do nothing""")
                    .params(types, members)
                    .update();
            wallets = selectWallets(types, members);
        }
        return wallets;
    }

    private Map<WalletKey, Wallet> selectWallets(UUID[] types, UUID[] members) {
        Map<WalletKey, Wallet> wallets = new HashMap<>();
        jdbc.sql("""
                        select a.id, a.point_type_id, a.member_id, a.balance, a.owed from platform.ledger_account a
                        join unnest(?::uuid[], ?::uuid[]) as k(point_type_id, member_id)
                          on a.point_type_id = k.point_type_id and a.member_id = k.member_id
                        where a.tenant_id = platform.current_tenant() and a.kind = 'WALLET'
                        order by a.id for update of a""")
                .params(types, members)
                .query(rs -> {
                    wallets.put(new WalletKey(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)),
                            new Wallet(rs.getObject(1, UUID.class), rs.getLong(4), rs.getLong(5)));
                });
        return wallets;
    }

    /** The system accounts of {@code kind} for the given point types of the current tenant, by point type. */
    public Map<UUID, UUID> systemAccounts(List<UUID> pointTypeIds, Kind kind) {
        Map<UUID, UUID> found = new HashMap<>();
        jdbc.sql("""
                        select point_type_id, id from platform.ledger_account
                        where tenant_id = platform.current_tenant() and kind = ? and member_id is null and point_type_id = any(?::uuid[])""")
                .params(kind.name(), pointTypeIds.toArray(UUID[]::new))
                .query(rs -> {
                    found.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                });
        pointTypeIds.stream().filter(type -> !found.containsKey(type)).forEach(type -> found.put(type, system(type, kind)));
        return found;
    }

    public void setWalletBalance(UUID walletId, long balance) {
        jdbc.sql("update platform.ledger_account set balance = ? where tenant_id = platform.current_tenant() and id = ?")
                .params(balance, walletId)
                .update();
    }

    public void setOwed(UUID walletId, long owed) {
        jdbc.sql("update platform.ledger_account set owed = ? where tenant_id = platform.current_tenant() and id = ?")
                .params(owed, walletId)
                .update();
    }

    private void open(UUID pointTypeId, Kind kind, UUID memberId) {
        jdbc.sql("""
                        insert into platform.ledger_account (tenant_id, id, point_type_id, kind, member_id, balance)
                        values (platform.current_tenant(), ?, ?, ?, ?, 0)
                        on conflict (tenant_id, point_type_id, kind, member_id) do nothing""")
                .params(UUID.randomUUID(), pointTypeId, kind.name(), memberId)
                .update();
    }
}
