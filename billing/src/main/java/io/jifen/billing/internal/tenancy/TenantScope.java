package io.jifen.billing.internal.tenancy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Row-level security for billing's tenant-owned tables: work runs in a transaction whose {@code app.tenant_id}
 * (transaction-local, the setting the embedding application uses too) is the tenant's, so its statements see and write
 * that tenant's rows only. Without a tenant those tables look empty and refuse writes. Work that spans tenants finds
 * them in the tenant registry first and then switches to each in turn.
 */
@Component("billingTenantScope")
public class TenantScope {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transaction;

    TenantScope(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.transaction = transaction;
    }

    /**
     * Runs work as the tenant, in the current transaction or a new one; a transaction it joined gets its own tenant
     * back when the work is done.
     */
    public <T> T call(UUID tenant, Supplier<T> work) {
        return transaction.execute(status -> {
            if (status.isNewTransaction()) {
                use(tenant);
                return work.get();
            }
            // On failure the joined transaction is rolled back anyway (and PostgreSQL refuses statements in it).
            String outer = current();
            if (outer.equals(tenant.toString())) {
                // Already the tenant's (the embedding application's own transaction for it): nothing to switch.
                return work.get();
            }
            use(tenant);
            T result = work.get();
            set(outer);
            return result;
        });
    }

    /**
     * Runs one data-modifying statement as the tenant, in the current transaction or a new one, and answers its update
     * count: the tenant switch, the statement and (in a joined transaction) the switch back travel in one round trip,
     * where {@link #call} first asks PostgreSQL for the transaction's tenant.
     */
    public int update(UUID tenant, String statement, Object... params) {
        String text = "select set_config('app.billing_outer_tenant', coalesce(current_setting('app.tenant_id', true), ''), true), "
                + "set_config('app.tenant_id', ?, true);\n" + statement
                + ";\nselect set_config('app.tenant_id', current_setting('app.billing_outer_tenant'), true)";
        Integer count = transaction.execute(status -> jdbcTemplate.execute(text, (PreparedStatementCallback<Integer>) ps -> {
            ps.setString(1, tenant.toString());
            for (int i = 0; i < params.length; i++) {
                StatementCreatorUtils.setParameterValue(ps, i + 2, SqlTypeValue.TYPE_UNKNOWN, params[i]);
            }
            ps.execute();
            // The results in order: the switch's row, the statement's update count, the switch back's row.
            ps.getMoreResults();
            return ps.getUpdateCount();
        }));
        return Objects.requireNonNull(count);
    }

    public void run(UUID tenant, Runnable work) {
        call(tenant, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs one part of the work as each tenant in turn, all in one transaction (the current one or a new one), and
     * answers the parts' results in the tenants' order; a transaction it joined gets its own tenant back afterwards.
     */
    public <T> List<T> acrossTenants(Collection<UUID> tenants, Function<UUID, T> work) {
        return transaction.execute(status -> {
            String outer = status.isNewTransaction() ? "" : current();
            List<T> results = new ArrayList<>(tenants.size());
            for (UUID tenant : tenants) {
                use(tenant);
                results.add(work.apply(tenant));
            }
            if (!status.isNewTransaction()) {
                set(outer);
            }
            return results;
        });
    }

    /**
     * Runs work on a chunk of tenants at once, in the current transaction or a new one: its statements see and write the
     * rows of exactly these tenants (the run-chunk policy, {@code app.billing_run_tenants}), so that one statement can
     * do a chunk's work. For the monthly run only; a transaction it joined gets its own setting back afterwards.
     */
    public <T> T acrossChunk(Collection<UUID> tenants, Supplier<T> work) {
        return transaction.execute(status -> {
            String outer = status.isNewTransaction() ? "" : jdbc.sql("select coalesce(current_setting('app.billing_run_tenants', true), '')")
                    .query(String.class).single();
            setChunk(tenants.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")));
            T result = work.get();
            if (!status.isNewTransaction()) {
                setChunk(outer);
            }
            return result;
        });
    }

    private void setChunk(String tenants) {
        jdbc.sql("select set_config('app.billing_run_tenants', ?, true)").param(tenants).query(String.class).single();
    }

    /** Switches the current transaction to the tenant: the statements after this one see only its rows. */
    private void use(UUID tenant) {
        set(tenant.toString());
    }

    /** Sets the transaction's tenant ("" for none). */
    private void set(String tenant) {
        jdbc.sql("select set_config('app.tenant_id', ?, true)").param(tenant).query(String.class).single();
    }

    private String current() {
        return jdbc.sql("select coalesce(current_setting('app.tenant_id', true), '')").query(String.class).single();
    }
}
