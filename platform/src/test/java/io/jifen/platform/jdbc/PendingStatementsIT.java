package io.jifen.platform.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A transaction's pending statements: sent with the caller's round trip or before the commit, never lost, never another's. */
class PendingStatementsIT extends IntegrationTest {

    /** A tenant-owned row that needs no other (a notification's keys to its tenant and member are not foreign keys). */
    private static final String INSERT = """
            insert into platform.notification (tenant_id, id, member_id, kind, cause, data, created_at)
            values (platform.current_tenant(), ?, ?, 'ORDER_DELIVERED', ?, '{}'::jsonb, now())""";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void writesTheCallerDidNotSendAreSentBeforeTheCommitAsTheirTenantAndARollbackDropsThem() throws SQLException {
        var a = fixtures.tenant("pending-a");
        var b = fixtures.tenant("pending-b");
        UUID sent = UUID.randomUUID();
        UUID leftOver = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        var transactions = new TransactionTemplate(transactionManager);
        TenantContext.runAs(a.id(), () -> {
            transactions.executeWithoutResult(status -> {
                SqlPipeline pending = PendingStatements.open(jdbc, a.id());
                pending.add(INSERT, List.of(sent, UUID.randomUUID(), "pending:" + sent));
                // Not sent until the caller runs the pipeline.
                assertThat(countInTransaction(sent)).isZero();
                pending.run(jdbc);
                assertThat(countInTransaction(sent)).isEqualTo(1);
                // Added after the caller's round trip, then the transaction switches to another tenant: still a's row.
                pending.add(INSERT, List.of(leftOver, UUID.randomUUID(), "pending:" + leftOver));
                new SqlPipeline().useTenant(b.id()).run(jdbc);
            });
            transactions.executeWithoutResult(status -> {
                PendingStatements.open(jdbc, a.id()).add(INSERT, List.of(rolledBack, UUID.randomUUID(), "pending:" + rolledBack));
                status.setRollbackOnly();
            });
        });
        assertThat(tenantOf(sent)).isEqualTo(a.id());
        assertThat(tenantOf(leftOver)).isEqualTo(a.id());
        assertThat(tenantOf(rolledBack)).isNull();
    }

    @Test
    void aTransactionStartedInsideItAndAnotherTenantsWriterDoNotSeeIt() {
        var a = fixtures.tenant("pending-c");
        UUID other = UUID.randomUUID();
        var transactions = new TransactionTemplate(transactionManager);
        var inner = new TransactionTemplate(transactionManager);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        assertThat(PendingStatements.current(a.id())).isNull();
        assertThatThrownBy(() -> PendingStatements.open(jdbc, a.id())).isInstanceOf(IllegalStateException.class);
        TenantContext.runAs(a.id(), () -> transactions.executeWithoutResult(status -> {
            SqlPipeline pending = PendingStatements.open(jdbc, a.id());
            assertThat(PendingStatements.open(jdbc, a.id())).isSameAs(pending);
            assertThat(PendingStatements.current(a.id())).isSameAs(pending);
            assertThat(PendingStatements.current(other)).isNull();
            assertThatThrownBy(() -> PendingStatements.open(jdbc, other)).isInstanceOf(IllegalStateException.class);
            inner.executeWithoutResult(nested -> assertThat(PendingStatements.current(a.id())).isNull());
            assertThat(PendingStatements.current(a.id())).isSameAs(pending);
        }));
    }

    private int countInTransaction(UUID id) {
        Integer count = jdbc.queryForObject("select count(*) from platform.notification where tenant_id = platform.current_tenant() and id = ?",
                Integer.class, id);
        return count == null ? 0 : count;
    }

    private static UUID tenantOf(UUID id) throws SQLException {
        try (Connection owner = stack().superuserConnection("jifen");
             var statement = owner.prepareStatement("select tenant_id from platform.notification where id = ?")) {
            statement.setObject(1, id);
            try (var rs = statement.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }
}
