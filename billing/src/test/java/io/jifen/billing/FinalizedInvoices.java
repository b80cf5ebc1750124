package io.jifen.billing;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** Makes a tenant's finalized invoice for a month the way the operator does: a plan, a subscription, the month's run, finalization. */
@Component
public class FinalizedInvoices {

    private final Plans plans;
    private final Subscriptions subscriptions;
    private final BillingRuns runs;
    private final Invoices invoices;
    private final TestStatements statements;

    FinalizedInvoices(Plans plans, Subscriptions subscriptions, BillingRuns runs, Invoices invoices, TestStatements statements) {
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.runs = runs;
        this.invoices = invoices;
        this.statements = statements;
    }

    /**
     * A new tenant on a plan of 999.00 a month with 1,000 members included and 0.10 per member beyond, invoiced for
     * {@code period} (a month no other test runs) with 1,200 active members and finalized now: 1,019.00 + 6 % VAT
     * 61.14 = 1,080.14.
     */
    public Invoice of(YearMonth period) {
        String code = "col-" + UUID.randomUUID().toString().substring(0, 8);
        plans.publish(new PlanTerms(code, "标准版", 99_900, 1_000, 10, 200, 500, 5, null));
        UUID tenant = UUID.randomUUID();
        subscriptions.subscribe(tenant, code, LocalDate.of(period.getYear(), period.getMonth(), 1), null);
        statements.set(new MonthStatement(tenant, 1_200, 10_000, 4_000, 500, 66_000));
        runs.run(period);
        Invoice draft = invoices.of(tenant).stream().filter(i -> i.period().equals(period)).findFirst().orElseThrow();
        return invoices.finalizeNow(tenant, draft.id());
    }
}
