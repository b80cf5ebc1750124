package io.jifen.platform.ledger;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Finds or opens ledger accounts. Wallets are locked for the length of a posting: one member's postings go one at a time. */
@Component
class LedgerAccounts {

    enum Kind { WALLET, ISSUANCE, REDEEMED, EXPIRED, HELD }

    /** A locked wallet: its balance (open lots - owed) and what the member owes. */
    record Wallet(UUID id, long balance, long owed) {
    }

    private final JdbcClient jdbc;

    LedgerAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Wallet lockWallet(UUID pointTypeId, UUID memberId) {
        open(pointTypeId, Kind.WALLET, memberId);
        return jdbc.sql("""
                        select id, balance, owed from platform.ledger_account
                        where tenant_id = platform.current_tenant() and point_type_id = ? and kind = 'WALLET' and member_id = ?
                        for update""")
                .params(pointTypeId, memberId)
                .query((rs, n) -> new Wallet(rs.getObject("id", UUID.class), rs.getLong("balance"), rs.getLong("owed")))
                .single();
    }

    UUID system(UUID pointTypeId, Kind kind) {
        open(pointTypeId, kind, null);
        return jdbc.sql("""
                        select id from platform.ledger_account
                        where tenant_id = platform.current_tenant() and point_type_id = ? and kind = ? and member_id is null""")
                .params(pointTypeId, kind.name())
                .query(UUID.class)
                .single();
    }

    void setWalletBalance(UUID walletId, long balance) {
        jdbc.sql("update platform.ledger_account set balance = ? where tenant_id = platform.current_tenant() and id = ?")
                .params(balance, walletId)
                .update();
    }

    void setOwed(UUID walletId, long owed) {
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
