package io.jifen.billing.internal.invoicing;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.Invoice;
import io.jifen.billing.MonthStatement;
import io.jifen.billing.Plan;
import io.jifen.billing.Subscription;
import io.jifen.billing.internal.catalog.PlanCatalog;
import io.jifen.billing.internal.catalog.SubscriptionBook;
import io.jifen.billing.internal.rating.Rating;
import io.jifen.billing.internal.rating.UsageOfDay;
import io.jifen.billing.internal.usage.UsageMeter;

/** Writes a tenant's invoice for a month: its subscriptions and unbilled usage rated, the month statement attached. */
@Component
class InvoiceWriter {

    private final InvoiceStore store;
    private final SubscriptionBook subscriptions;
    private final PlanCatalog plans;
    private final UsageMeter usage;
    private final BillingProperties properties;
    private final Clock clock;

    InvoiceWriter(InvoiceStore store, SubscriptionBook subscriptions, PlanCatalog plans, UsageMeter usage, BillingProperties properties, Clock clock) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.usage = usage;
        this.properties = properties;
        this.clock = clock;
    }

    /** The plan versions, read once per chunk of tenants (a handful of rows). */
    Map<String, Plan> planVersions() {
        Map<String, Plan> versions = new HashMap<>();
        plans.all().forEach(plan -> versions.put(plan.code() + "@" + plan.version(), plan));
        return versions;
    }

    /**
     * Invoices the tenant for the month in the caller's tenant scope and transaction, unless it has the month's invoice
     * already (a restarted run) or no subscription in the month; answers whether it wrote one.
     */
    boolean invoice(UUID tenant, YearMonth period, MonthStatement statement, Map<String, Plan> versions) {
        if (store.exists(tenant, period)) {
            return false;
        }
        var zone = properties.zone();
        List<Subscription> all = subscriptions.of(tenant);
        if (all.stream().noneMatch(s -> s.startsOn().isBefore(period.plusMonths(1).atDay(1))
                && (s.endsOn() == null || s.endsOn().isAfter(period.atDay(1))))) {
            return false;
        }
        UUID id = UUID.randomUUID();
        Instant end = period.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        List<UsageOfDay> used = usage.bill(tenant, end, zone, id);
        List<Rating.Rated> rated = Rating.rate(period, all, s -> versions.get(s.planCode() + "@" + s.planVersion()), statement.activeMembers(), used);
        List<Invoice.Line> lines = new ArrayList<>(rated.size());
        long subtotal = 0;
        long tax = 0;
        for (Rating.Rated line : rated) {
            lines.add(line.numbered(lines.size() + 1));
            subtotal = Math.addExact(subtotal, line.amountFen());
            tax = Math.addExact(tax, line.taxFen());
        }
        // PostgreSQL keeps microseconds: the invoice is what it reads back.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        store.insert(new Invoice(id, tenant, store.nextNumber(period), period, Invoice.Status.DRAFT, "CNY", subtotal, tax, Math.addExact(subtotal, tax),
                statement, now, now.plus(properties.gracePeriod()), null, lines));
        return true;
    }
}
