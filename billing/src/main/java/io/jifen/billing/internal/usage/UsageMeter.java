package io.jifen.billing.internal.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.Metering;
import io.jifen.billing.Usage;
import io.jifen.billing.internal.rating.UsageOfDay;
import io.jifen.billing.internal.tenancy.TenantScope;

/** Usage records (table usage_record, the tenant's own), idempotent by (tenant, key); the run marks what it bills. */
@Service
public class UsageMeter implements Metering {

    private final JdbcClient jdbc;
    private final TenantScope scope;

    UsageMeter(JdbcClient jdbc, TenantScope scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    @Override
    public boolean record(UUID tenant, Usage usage) {
        requireKey(usage);
        return scope.update(tenant, INSERT, insertParams(tenant, usage)) == 1;
    }

    @Override
    public Metering.Statement recording(UUID tenant, Usage usage) {
        requireKey(usage);
        return new Metering.Statement(INSERT, Arrays.asList(insertParams(tenant, usage)));
    }

    /** The tenant registered unless it is known (BillingTenants#register), in the same statement. */
    private static final String INSERT = """
            with registered as (insert into billing.tenant (id) values (?) on conflict (id) do nothing)
            insert into billing.usage_record (tenant_id, key, kind, occurred_at, redemption_fen, goods_cost_fen, quantity)
            values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, key) do nothing""";

    private static Object[] insertParams(UUID tenant, Usage usage) {
        return new Object[] {tenant, tenant, usage.key(), usage.kind().name(), usage.occurredAt().atOffset(ZoneOffset.UTC), usage.redemptionFen(),
                usage.goodsCostFen(), usage.quantity()};
    }

    private static void requireKey(Usage usage) {
        if (usage.key() == null || usage.key().isBlank() || usage.key().length() > 200) {
            throw BillingRefused.invalid("key", "1 to 200 characters");
        }
    }

    /**
     * Bills the usage of a chunk of tenants not yet on an invoice that occurred before {@code to}, each tenant's on its
     * invoice ({@code invoiceOf}), and answers it summed per tenant, day of the zone and kind: one statement for the
     * chunk (in the caller's chunk scope and transaction), so usage recorded meanwhile is either billed and summed here
     * or left for the next invoice, never one without the other.
     */
    public Map<UUID, List<UsageOfDay>> bill(Map<UUID, UUID> invoiceOf, Instant to, ZoneId zone) {
        Map<UUID, List<UsageOfDay>> byTenant = new HashMap<>();
        jdbc.sql("""
                        with target as (select * from unnest(?::uuid[], ?::uuid[]) as t (tenant_id, invoice_id)),
                        billed as (
                            update billing.usage_record u set invoice_id = t.invoice_id from target t
                            where u.tenant_id = t.tenant_id and u.tenant_id = any(?::uuid[]) and u.invoice_id is null and u.occurred_at < ?
                            returning u.tenant_id, u.occurred_at, u.kind, u.redemption_fen, u.goods_cost_fen, u.quantity)
                        select tenant_id, (occurred_at at time zone ?)::date as day, kind, sum(redemption_fen), sum(goods_cost_fen), sum(quantity)
                        from billed group by 1, 2, 3 order by 1, 2, 3""")
                .params(invoiceOf.keySet().toArray(UUID[]::new), invoiceOf.values().toArray(UUID[]::new), invoiceOf.keySet().toArray(UUID[]::new), OffsetDateTime.ofInstant(to, ZoneOffset.UTC),
                        zone.getId())
                .query(rs -> {
                    byTenant.computeIfAbsent(rs.getObject(1, UUID.class), t -> new ArrayList<>()).add(new UsageOfDay(rs.getObject(2, LocalDate.class),
                            Usage.Kind.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                });
        return byTenant;
    }
}
