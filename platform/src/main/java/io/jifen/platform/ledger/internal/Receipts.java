package io.jifen.platform.ledger.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.ledger.Receipt;
import io.jifen.platform.problem.DomainException;

/** Receipts of the current tenant's ledger transactions, as a posting and its replays answer them. */
@Component
public class Receipts {

    private final JdbcClient jdbc;

    Receipts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The receipt of a transaction of the current tenant; a 404 if there is none. */
    public Receipt of(UUID transactionId) {
        return jdbc.sql("""
                        select t.id, t.kind, t.member_id, p.code, t.points, t.balance_after, t.source, t.reason, t.reverses_id, t.created_at,
                               t.counterparty_member_id as counterparty
                        from platform.ledger_transaction t
                        join platform.point_type p on p.tenant_id = t.tenant_id and p.id = t.point_type_id
                        where t.tenant_id = platform.current_tenant() and t.id = ?""")
                .param(transactionId)
                .query(Receipts::read)
                .optional()
                .orElseThrow(() -> DomainException.notFound("Ledger transaction " + transactionId));
    }

    /** A receipt from a row with the columns of {@link #of}'s query. */
    public static Receipt read(ResultSet rs, int row) throws SQLException {
        return new Receipt(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getObject("member_id", UUID.class),
                rs.getString("code"), rs.getLong("points"), rs.getLong("balance_after"), rs.getString("source"),
                rs.getString("reason"), rs.getObject("reverses_id", UUID.class), rs.getObject("counterparty", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
