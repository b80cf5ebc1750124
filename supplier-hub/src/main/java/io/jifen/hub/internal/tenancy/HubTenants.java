package io.jifen.hub.internal.tenancy;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tenants the hub holds data of (table tenant, hub-level: a row is a tenant's id and nothing else), registered
 * when a tenant first selects a SKU or places an order; tenant-owned rows reference it.
 */
@Repository
public class HubTenants {

    private final JdbcClient jdbc;

    HubTenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers the tenant unless it is known, in the caller's transaction. */
    public void register(UUID tenant) {
        jdbc.sql("insert into supplier_hub.tenant (id) values (?) on conflict (id) do nothing").param(tenant).update();
    }

    /** Every registered tenant, in id order. */
    public List<UUID> all() {
        return jdbc.sql("select id from supplier_hub.tenant order by id").query(UUID.class).list();
    }
}
