package io.jifen.billing.internal.tenancy;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tenants billing knows (table tenant, not a tenant's own: a row is a tenant's id and nothing else), registered on
 * their first subscription or usage; tenant-owned rows reference it and the monthly run walks it.
 */
@Repository
public class BillingTenants {

    private final JdbcClient jdbc;

    BillingTenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers the tenant unless it is known, in the caller's transaction. */
    public void register(UUID tenant) {
        jdbc.sql("insert into billing.tenant (id) values (?) on conflict (id) do nothing").param(tenant).update();
    }

    /** Every registered tenant, in id order. */
    public List<UUID> all() {
        return jdbc.sql("select id from billing.tenant order by id").query(UUID.class).list();
    }
}
