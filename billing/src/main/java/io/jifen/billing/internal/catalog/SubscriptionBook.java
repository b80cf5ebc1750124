package io.jifen.billing.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.Plan;
import io.jifen.billing.Subscription;
import io.jifen.billing.Subscriptions;
import io.jifen.billing.internal.tenancy.BillingTenants;
import io.jifen.billing.internal.tenancy.TenantScope;

/** Tenants' subscriptions (table subscription, the tenant's own): a change of plan ends one row and starts the next. */
@Service
public class SubscriptionBook implements Subscriptions {

    private static final String COLUMNS = "id, tenant_id, plan_code, plan_version, starts_on, ends_on, trial_ends_on";

    private final JdbcClient jdbc;
    private final TenantScope scope;
    private final BillingTenants tenants;
    private final PlanCatalog plans;

    SubscriptionBook(JdbcClient jdbc, TenantScope scope, BillingTenants tenants, PlanCatalog plans) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.tenants = tenants;
        this.plans = plans;
    }

    @Override
    public Subscription subscribe(UUID tenant, String planCode, LocalDate startsOn, @Nullable LocalDate trialEndsOn) {
        if (startsOn == null) {
            throw BillingRefused.invalid("startsOn", "a day, yyyy-MM-dd");
        }
        if (trialEndsOn != null && !trialEndsOn.isAfter(startsOn)) {
            throw BillingRefused.invalid("trialEndsOn", "after startsOn");
        }
        Plan plan = plans.latest(planCode == null ? "" : planCode).orElseThrow(() -> BillingRefused.invalid("planCode", "no plan has this code"));
        return scope.call(tenant, () -> {
            tenants.register(tenant);
            // One change at a time per tenant: the subscriptions are read and changed under the lock.
            jdbc.sql("select pg_advisory_xact_lock(hashtext('billing.subscription:' || ?))").param(tenant.toString()).query().singleRow();
            Optional<Subscription> last = jdbc.sql("select " + COLUMNS + " from billing.subscription where tenant_id = ? order by starts_on desc limit 1")
                    .param(tenant).query(SubscriptionBook::subscription).optional();
            if (last.isPresent() && !startsOn.isAfter(last.get().startsOn())) {
                throw BillingRefused.invalid("startsOn", "after the current subscription's start, " + last.get().startsOn());
            }
            boolean invoiced = jdbc.sql("select exists (select 1 from billing.invoice where tenant_id = ? and period >= ?)")
                    .params(tenant, startsOn.withDayOfMonth(1)).query(Boolean.class).single();
            if (invoiced) {
                throw BillingRefused.conflict("the month of " + startsOn + " is invoiced already: a change can start in a later month only");
            }
            last.filter(s -> s.endsOn() == null || s.endsOn().isAfter(startsOn))
                    .ifPresent(s -> jdbc.sql("update billing.subscription set ends_on = ? where tenant_id = ? and id = ?")
                            .params(startsOn, tenant, s.id()).update());
            UUID id = UUID.randomUUID();
            jdbc.sql("insert into billing.subscription (tenant_id, id, plan_code, plan_version, starts_on, trial_ends_on) values (?, ?, ?, ?, ?, ?)")
                    .params(tenant, id, plan.code(), plan.version(), startsOn, trialEndsOn).update();
            return new Subscription(id, tenant, plan.code(), plan.version(), startsOn, null, trialEndsOn);
        });
    }

    @Override
    public List<Subscription> of(UUID tenant) {
        return scope.call(tenant, () -> jdbc.sql("select " + COLUMNS + " from billing.subscription where tenant_id = ? order by starts_on")
                .param(tenant).query(SubscriptionBook::subscription).list());
    }

    @Override
    public Optional<Subscription> on(UUID tenant, LocalDate day) {
        return of(tenant).stream().filter(s -> !s.startsOn().isAfter(day) && (s.endsOn() == null || s.endsOn().isAfter(day))).findFirst();
    }

    /** The subscriptions of a chunk of tenants by tenant, oldest first, in the caller's chunk scope (the monthly run's). */
    public Map<UUID, List<Subscription>> ofChunk(Collection<UUID> tenants) {
        Map<UUID, List<Subscription>> byTenant = new HashMap<>();
        jdbc.sql("select " + COLUMNS + " from billing.subscription where tenant_id = any(?::uuid[]) order by tenant_id, starts_on")
                .param(tenants.toArray(UUID[]::new)).query(SubscriptionBook::subscription).list()
                .forEach(s -> byTenant.computeIfAbsent(s.tenantId(), t -> new ArrayList<>()).add(s));
        return byTenant;
    }

    /** The current tenant's subscriptions overlapping {@code [from, to)}, in the caller's tenant scope. */
    public List<Subscription> overlapping(UUID tenant, LocalDate from, LocalDate to) {
        return jdbc.sql("select " + COLUMNS + " from billing.subscription where tenant_id = ? and starts_on < ? and (ends_on is null or ends_on > ?) "
                        + "order by starts_on")
                .params(tenant, to, from).query(SubscriptionBook::subscription).list();
    }

    static Subscription subscription(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("plan_code"),
                rs.getInt("plan_version"), rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class),
                rs.getObject("trial_ends_on", LocalDate.class));
    }
}
