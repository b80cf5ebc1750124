package io.jifen.platform.tenancy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every table must keep so that tenants stay isolated and the schema can be distributed by tenant_id
 * (Citus), in the platform's schema, the supplier hub's and billing's: a tenant table has tenant_id in its primary key, in every
 * unique key and in every foreign key but those to a shared table, and is guarded by a forced row-level security
 * policy. A table that is no tenant's must be declared shared here, with the reason: it has no tenant_id, or names
 * tenants only to route work to them and holds none of their data. A shared table is a reference table in Citus
 * (on every node), which is why a tenant table's foreign key to it needs no tenant_id.
 */
class SchemaRulesIT extends IntegrationTest {

    /** The tables that are no tenant's, and why. */
    private static final Map<String, String> SHARED_TABLES = Map.ofEntries(
            Map.entry("platform.tenant", "its row is the tenant"),
            Map.entry("platform.rate_limit_bucket", "rate limits' token buckets, keyed by whose bucket it is; no tenant's data"),
            Map.entry("platform.payment_intent_route", "routes Stripe's events to the tenant of a payment intent: an intent id and a tenant id, nothing of the payment"),
            Map.entry("supplier_hub.tenant", "its row is a tenant the hub holds data of: an id, nothing else"),
            Map.entry("supplier_hub.supplier", "the suppliers the platform operator buys from"),
            Map.entry("supplier_hub.sku", "the shared supplier catalog, the same for every tenant"),
            Map.entry("supplier_hub.settlement_run", "the operator's settlement runs with a supplier"),
            Map.entry("supplier_hub.settlement_line", "a supplier's statement as the supplier sent it to the operator"),
            Map.entry("supplier_hub.order_route", "routes an order number to its tenant and queues the order for the workers; none of the order's data"),
            Map.entry("supplier_hub.index_backlog", "queues a tenant's selection of a SKU for the search index; none of the selection"),
            Map.entry("supplier_hub.call_pace", "the next free slot of calls to a supplier, shared by the hub's instances"),
            Map.entry("supplier_hub.item_backlog", "queues a tenant's own item for the search index; none of the item"),
            Map.entry("platform.mall_search_backlog", "queues a tenant's own item for the hub's search; none of the item"),
            Map.entry("billing.plan", "the operator's price list, the same for every tenant"),
            Map.entry("billing.tenant", "its row is a tenant billing knows: an id, nothing else"),
            Map.entry("billing.stripe_route", "routes Stripe's events to a tenant: a Stripe id and a tenant id, nothing of the invoice"),
            Map.entry("platform.operator_audit_event", "the platform operator's own changes (suspensions, job runs); no tenant's data"));
    private static final List<String> SCHEMAS = List.of("platform", "supplier_hub", "billing");

    @Test
    void everyTenantTableKeepsTheTenancyRules() throws SQLException {
        try (Connection db = stack().superuserConnection("jifen")) {
            List<String> broken = new ArrayList<>();
            for (String schema : SCHEMAS) {
                broken.addAll(violations(db, schema));
            }
            assertThat(broken).isEmpty();
        }
    }

    @Test
    void theRulesCatchATableThatBreaksThem() throws SQLException {
        try (Connection db = stack().superuserConnection("jifen")) {
            db.createStatement().execute("""
                    drop schema if exists rules_probe cascade;
                    create schema rules_probe;
                    create table rules_probe.coupon (tenant_id uuid not null, id uuid primary key, code text unique);
                    create table rules_probe.orphan (id uuid primary key);
                    create table rules_probe.pick (tenant_id uuid not null, supplier_id text, sku_id text,
                        primary key (tenant_id, supplier_id, sku_id), foreign key (supplier_id, sku_id) references supplier_hub.sku);
                    select supplier_hub.enable_tenant_isolation('rules_probe.pick');
                    """);
            try {
                assertThat(violations(db, "rules_probe")).hasSize(4)
                        .anyMatch(v -> v.contains("FORCE ROW LEVEL SECURITY"))
                        .anyMatch(v -> v.contains("coupon_pkey"))
                        .anyMatch(v -> v.contains("coupon_code_key"))
                        .anyMatch(v -> v.contains("rules_probe.orphan has no tenant_id"))
                        .as("a foreign key to a shared table needs no tenant_id").noneMatch(v -> v.contains("pick"));
            } finally {
                db.createStatement().execute("drop schema rules_probe cascade");
            }
        }
    }

    private static List<String> violations(Connection db, String schema) throws SQLException {
        List<String> broken = new ArrayList<>();
        for (String table : strings(db, """
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = '%s' and c.relkind in ('r', 'p') order by 1""".formatted(schema))) {
            String qualified = schema + "." + table;
            if (SHARED_TABLES.containsKey(qualified)) {
                continue;
            }
            boolean tenantOwned = !strings(db, """
                    select attname from pg_attribute where attrelid = '%s'::regclass and attname = 'tenant_id' and not attisdropped"""
                    .formatted(qualified)).isEmpty();
            if (!tenantOwned) {
                broken.add(qualified + " has no tenant_id and is not declared a shared table");
                continue;
            }
            if (!strings(db, "select 1 from pg_class where oid = '%s'::regclass and relrowsecurity and relforcerowsecurity".formatted(qualified)).isEmpty()) {
                if (strings(db, "select polname from pg_policy where polrelid = '%s'::regclass".formatted(qualified)).isEmpty()) {
                    broken.add(qualified + " has row-level security but no policy");
                }
            } else {
                broken.add(qualified + " lacks FORCE ROW LEVEL SECURITY");
            }
            for (String constraint : strings(db, """
                    select con.conname || ' (' || con.contype::text || ')' from pg_constraint con
                    left join pg_class referenced on referenced.oid = con.confrelid
                    left join pg_namespace referenced_schema on referenced_schema.oid = referenced.relnamespace
                    where con.conrelid = '%s'::regclass and con.contype in ('p', 'u', 'f')
                      and not (con.contype = 'f' and referenced_schema.nspname || '.' || referenced.relname = any('{%s}'::text[]))
                      and not exists (select 1 from unnest(con.conkey) k
                                      join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k
                                      where a.attname = 'tenant_id')""".formatted(qualified, String.join(",", SHARED_TABLES.keySet())))) {
                broken.add(qualified + ": key " + constraint + " does not include tenant_id");
            }
            for (String index : strings(db, """
                    select ic.relname from pg_index i join pg_class ic on ic.oid = i.indexrelid
                    where i.indrelid = '%s'::regclass and i.indisunique
                      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
                      and not exists (select 1 from unnest(i.indkey) k
                                      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k
                                      where a.attname = 'tenant_id')""".formatted(qualified))) {
                broken.add(qualified + ": unique index " + index + " does not include tenant_id");
            }
        }
        for (String owned : strings(db, """
                select schemaname || '.' || tablename from pg_tables
                where schemaname = '%s' and tableowner = 'jifen_app'""".formatted(schema))) {
            broken.add(owned + " is owned by the application role, which would let it bypass row-level security");
        }
        if (!strings(db, "select 1 from pg_roles where rolname = 'jifen_app' and (rolbypassrls or rolsuper)").isEmpty()) {
            broken.add("the application role can bypass row-level security");
        }
        return broken;
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (var rs = db.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
