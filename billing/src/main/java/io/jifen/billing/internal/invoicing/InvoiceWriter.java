package io.jifen.billing.internal.invoicing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
     * Invoices a chunk of tenants for the month in the caller's chunk scope and transaction: each tenant with a
     * subscription in the month and without the month's invoice (a restarted run) gets one, with its unbilled usage
     * rated and its month statement. A handful of statements for the whole chunk; answers how many invoices it wrote.
     */
    int invoiceChunk(List<UUID> tenants, YearMonth period, Map<UUID, MonthStatement> statements, Map<String, Plan> versions) {
        var zone = properties.zone();
        LocalDate first = period.atDay(1);
        LocalDate next = period.plusMonths(1).atDay(1);
        Set<UUID> invoiced = store.invoiced(tenants, period);
        Map<UUID, List<Subscription>> subscribed = subscriptions.ofChunk(tenants);
        Map<UUID, UUID> invoiceOf = new LinkedHashMap<>();
        for (UUID tenant : tenants) {
            List<Subscription> all = subscribed.getOrDefault(tenant, List.of());
            if (!invoiced.contains(tenant) && all.stream().anyMatch(s -> s.startsOn().isBefore(next) && (s.endsOn() == null || s.endsOn().isAfter(first)))) {
                invoiceOf.put(tenant, UUID.randomUUID());
            }
        }
        if (invoiceOf.isEmpty()) {
            return 0;
        }
        Instant end = next.atStartOfDay(zone).toInstant();
        Map<UUID, List<UsageOfDay>> used = usage.bill(invoiceOf, end, zone);
        List<String> numbers = store.nextNumbers(period, invoiceOf.size());
        // PostgreSQL keeps microseconds: the invoice is what it reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Invoice> invoices = new ArrayList<>(invoiceOf.size());
        for (var tenant : invoiceOf.entrySet()) {
            MonthStatement statement = statements.getOrDefault(tenant.getKey(), MonthStatement.empty(tenant.getKey()));
            List<Rating.Rated> rated = Rating.rate(period, subscribed.get(tenant.getKey()), s -> versions.get(s.planCode() + "@" + s.planVersion()),
                    statement.activeMembers(), used.getOrDefault(tenant.getKey(), List.of()));
            List<Invoice.Line> lines = new ArrayList<>(rated.size());
            long subtotal = 0;
            long tax = 0;
            for (Rating.Rated line : rated) {
                lines.add(line.numbered(lines.size() + 1));
                subtotal = Math.addExact(subtotal, line.amountFen());
                tax = Math.addExact(tax, line.taxFen());
            }
            invoices.add(new Invoice(tenant.getValue(), tenant.getKey(), numbers.get(invoices.size()), period, Invoice.Status.DRAFT, "CNY", subtotal, tax,
                    Math.addExact(subtotal, tax), statement, now, now.plus(properties.gracePeriod()), null, lines));
        }
        store.insertDrafts(invoices);
        return invoices.size();
    }
}
