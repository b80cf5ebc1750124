package io.jifen.platform.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/**
 * Statements sent to PostgreSQL together, in one round trip, on the current transaction's connection: the driver
 * sends every statement of a multi-statement text before it waits for the first answer. Use it for statements that do
 * not depend on each other's results (the reads of several tenants, a tenant switch and the statement after it).
 * Each statement must return rows or an update count; its rows go to its own handler, in order.
 */
public final class SqlPipeline {

    /** Receives one row of a statement's result; the result set is already on that row. */
    @FunctionalInterface
    public interface Rows {
        void row(ResultSet rs) throws SQLException;
    }

    private static final Rows IGNORED = rs -> {
    };

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private final List<Rows> handlers = new ArrayList<>();
    /** How deep in {@link #beginGenericPlans} pairs the statements added now are (the setting outlives a run). */
    private int genericPlans;

    /** Adds a statement with positional ({@code ?}) parameters whose rows go to {@code rows}. */
    public SqlPipeline add(String statement, List<?> parameters, Rows rows) {
        if (!handlers.isEmpty()) {
            sql.append(";\n");
        }
        sql.append(statement);
        params.addAll(parameters);
        handlers.add(rows);
        return this;
    }

    /** Adds a statement whose result is not needed. */
    public SqlPipeline add(String statement, List<?> parameters) {
        return add(statement, parameters, IGNORED);
    }

    /**
     * Switches row-level security to {@code tenant} for the statements after this one, until the transaction ends;
     * outside a transaction, the pipeline itself is the (implicit) transaction.
     */
    public SqlPipeline useTenant(UUID tenant) {
        return add("select set_config('app.tenant_id', ?, true)", List.of(tenant.toString()));
    }

    /**
     * The statements added after this one, up to {@link #endGenericPlans}, run with generic plans: planned once per
     * connection, not again on every run. For statements whose planning costs as much as their run (data-modifying
     * CTEs over arrays) and whose plan does not depend on their parameters (rows looked up by key). Pairs nest: only the
     * outermost sends its statements, so a caller may put its writers' pairs inside its own.
     */
    public SqlPipeline beginGenericPlans() {
        if (genericPlans++ == 0) {
            add("select set_config('jifen.plan_cache_mode', current_setting('plan_cache_mode'), true), "
                    + "set_config('plan_cache_mode', 'force_generic_plan', true)", List.of());
        }
        return this;
    }

    /** Restores the plan cache mode the outermost {@link #beginGenericPlans} found. */
    public SqlPipeline endGenericPlans() {
        if (genericPlans == 0) {
            throw new IllegalStateException("generic plans were not begun");
        }
        if (--genericPlans == 0) {
            add("select set_config('plan_cache_mode', current_setting('jifen.plan_cache_mode'), true)", List.of());
        }
        return this;
    }

    public boolean isEmpty() {
        return handlers.isEmpty();
    }

    /** Sends every statement added so far and hands each its rows; the pipeline is empty afterwards. */
    public void run(JdbcTemplate jdbc) {
        if (handlers.isEmpty()) {
            return;
        }
        String text = sql.toString();
        List<Object> values = new ArrayList<>(params);
        List<Rows> receivers = List.copyOf(handlers);
        sql.setLength(0);
        params.clear();
        handlers.clear();
        jdbc.execute(text, (PreparedStatementCallback<Void>) statement -> {
            for (int i = 0; i < values.size(); i++) {
                StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, values.get(i));
            }
            boolean rows = statement.execute();
            for (Rows receiver : receivers) {
                if (rows) {
                    try (ResultSet rs = statement.getResultSet()) {
                        while (rs.next()) {
                            receiver.row(rs);
                        }
                    }
                } else if (statement.getUpdateCount() == -1) {
                    throw new IllegalStateException("the pipeline has fewer results than statements");
                }
                rows = statement.getMoreResults();
            }
            return null;
        });
    }
}
