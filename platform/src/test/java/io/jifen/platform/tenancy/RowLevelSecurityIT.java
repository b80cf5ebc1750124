package io.jifen.platform.tenancy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Row-level security, seen from the application's own database role with plain SQL. */
class RowLevelSecurityIT extends IntegrationTest {

    @Test
    void nativeSqlWithoutATenantSeesNoTenantRows() throws SQLException {
        var a = fixtures.tenant("rls");
        http().postJson("/api/v1/members", fixtures.apiToken(a), Map.of("externalId", "rls-1", "audience", "CONSUMER"));

        try (Connection app = appConnection()) {
            assertThat(count(app, "select count(*) from platform.member")).isZero();
            assertThat(count(app, "select count(*) from platform.point_type")).isZero();
            assertThat(count(app, "select count(*) from platform.api_client")).isZero();
        }
        try (Connection owner = stack().superuserConnection("jifen")) {
            assertThat(count(owner, "select count(*) from platform.member where tenant_id = '" + a.id() + "'")).isEqualTo(1);
        }
    }

    @Test
    void aTransactionSeesOnlyItsTenantAndCannotWriteIntoAnother() throws SQLException {
        var a = fixtures.tenant("rls-a");
        var b = fixtures.tenant("rls-b");
        try (Connection app = appConnection()) {
            app.setAutoCommit(false);
            setTenant(app, a.id());
            assertThat(count(app, "select count(*) from platform.point_type")).isEqualTo(1);
            assertThat(count(app, "select count(*) from platform.point_type where tenant_id = '" + b.id() + "'")).isZero();
            assertThatThrownBy(() -> app.createStatement().execute("""
                    insert into platform.member (tenant_id, id, external_id, audience, status, created_at, updated_at, version)
                    values ('%s', gen_random_uuid(), 'smuggled', 'CONSUMER', 'ACTIVE', now(), now(), 0)""".formatted(b.id())))
                    .hasMessageContaining("row-level security");
            app.rollback();
            // The setting was transaction-local: the next transaction starts with no tenant.
            assertThat(count(app, "select count(*) from platform.point_type")).isZero();
            app.rollback();
        }
    }

    @Test
    void aPipelineOutsideATransactionSwitchesTheTenantForItsOwnStatementsOnly() throws SQLException {
        var a = fixtures.tenant("rls-pipe-a");
        http().postJson("/api/v1/members", fixtures.apiToken(a), Map.of("externalId", "pipe-1", "audience", "CONSUMER"));
        http().postJson("/api/v1/members", fixtures.apiToken(a), Map.of("externalId", "pipe-2", "audience", "CONSUMER"));
        var b = fixtures.tenant("rls-pipe-b");
        try (Connection app = appConnection()) {
            assertThat(app.getAutoCommit()).isTrue();
            var jdbc = new JdbcTemplate(new SingleConnectionDataSource(app, true));
            List<Long> seen = new ArrayList<>();
            new SqlPipeline().useTenant(a.id())
                    .add("select count(*) from platform.member", List.of(), rs -> seen.add(rs.getLong(1)))
                    .useTenant(b.id())
                    .add("select count(*) from platform.member", List.of(), rs -> seen.add(rs.getLong(1)))
                    .run(jdbc);
            assertThat(seen).containsExactly(2L, 0L);
            // The pipeline was its own implicit transaction: the same connection has no tenant afterwards.
            assertThat(count(app, "select count(*) from platform.member")).isZero();
        }
    }

    private static void setTenant(Connection connection, UUID tenant) throws SQLException {
        try (var statement = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
            statement.setString(1, tenant.toString());
            statement.execute();
        }
    }

    private static Connection appConnection() throws SQLException {
        var db = stack().database();
        return DriverManager.getConnection(db.jdbcUrl(), db.appUser(), db.appPassword());
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
