package io.jifen.billing.internal.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.Metering;
import io.jifen.billing.Usage;
import io.jifen.billing.internal.rating.UsageOfDay;
import io.jifen.billing.internal.tenancy.BillingTenants;
import io.jifen.billing.internal.tenancy.TenantScope;

/** Usage records (table usage_record, the tenant's own), idempotent by (tenant, key); the run marks what it bills. */
@Service
public class UsageMeter implements Metering {

    private final JdbcClient jdbc;
    private final TenantScope scope;
    private final BillingTenants tenants;

    UsageMeter(JdbcClient jdbc, TenantScope scope, BillingTenants tenants) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.tenants = tenants;
    }

    @Override
    public boolean record(UUID tenant, Usage usage) {
        if (usage.key() == null || usage.key().isBlank() || usage.key().length() > 200) {
            throw BillingRefused.invalid("key", "1 to 200 characters");
        }
        return scope.call(tenant, () -> {
            tenants.register(tenant);
            return jdbc.sql("""
                            insert into billing.usage_record (tenant_id, key, kind, occurred_at, redemption_fen, goods_cost_fen, quantity)
                            values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, key) do nothing""")
                    .params(tenant, usage.key(), usage.kind().name(), usage.occurredAt().atOffset(ZoneOffset.UTC), usage.redemptionFen(),
                            usage.goodsCostFen(), usage.quantity())
                    .update() == 1;
        });
    }

    /**
     * Bills the current tenant's usage not yet on an invoice that occurred before {@code to} on the invoice, and answers
     * it summed per day of the zone and kind: one statement (in the caller's tenant scope and transaction), so usage
     * recorded meanwhile is either billed and summed here or left for the next invoice, never one without the other.
     */
    public List<UsageOfDay> bill(UUID tenant, Instant to, ZoneId zone, UUID invoiceId) {
        return jdbc.sql("""
                        with billed as (
                            update billing.usage_record set invoice_id = ?
                            where tenant_id = ? and invoice_id is null and occurred_at < ?
                            returning occurred_at, kind, redemption_fen, goods_cost_fen, quantity)
                        select (occurred_at at time zone ?)::date as day, kind, sum(redemption_fen), sum(goods_cost_fen), sum(quantity)
                        from billed group by 1, 2 order by 1, 2""")
                .params(invoiceId, tenant, OffsetDateTime.ofInstant(to, ZoneOffset.UTC), zone.getId())
                .query((rs, n) -> new UsageOfDay(rs.getObject(1, LocalDate.class), Usage.Kind.valueOf(rs.getString(2)), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5)))
                .list();
    }
}
