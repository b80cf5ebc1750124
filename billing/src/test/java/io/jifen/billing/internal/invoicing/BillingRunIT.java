package io.jifen.billing.internal.invoicing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.billing.BillingIntegrationTest;
import io.jifen.billing.BillingRefused;
import io.jifen.billing.BillingRuns;
import io.jifen.billing.Invoice;
import io.jifen.billing.Invoices;
import io.jifen.billing.Metering;
import io.jifen.billing.MonthStatement;
import io.jifen.billing.PlanTerms;
import io.jifen.billing.Plans;
import io.jifen.billing.Subscriptions;
import io.jifen.billing.TestStatements;
import io.jifen.billing.Usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The monthly run against PostgreSQL: one invoice per tenant and month however the run is interrupted and restarted,
 * usage metered once per key, late usage billed as an adjustment, and finalized invoices that cannot change.
 * Each test runs a month of its own (a month's run is one job instance).
 */
class BillingRunIT extends BillingIntegrationTest {

    @Autowired
    Plans plans;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    Metering metering;
    @Autowired
    BillingRuns runs;
    @Autowired
    Invoices invoices;
    @Autowired
    TestStatements statements;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JobRepository jobRepository;

    private String plan() {
        String code = "run-" + UUID.randomUUID().toString().substring(0, 8);
        plans.publish(new PlanTerms(code, "标准版", 99_900, 1_000, 10, 200, 500, 5, null));
        return code;
    }

    private UUID subscribed(String plan, String from) {
        UUID tenant = UUID.randomUUID();
        subscriptions.subscribe(tenant, plan, LocalDate.parse(from), null);
        return tenant;
    }

    private List<Invoice> invoicesOf(UUID tenant, YearMonth period) {
        return invoices.of(tenant).stream().filter(i -> i.period().equals(period)).toList();
    }

    @Test
    void aRunThatFailsHalfWayAndIsRestartedGivesEveryTenantOneInvoice() {
        YearMonth period = YearMonth.parse("2031-01");
        String plan = plan();
        List<UUID> tenants = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            UUID tenant = subscribed(plan, "2030-12-01");
            statements.set(new MonthStatement(tenant, 1_200, 10_000, 4_000, 500, 66_000));
            tenants.add(tenant);
        }
        // PostgreSQL's order of uuids (unsigned, byte by byte) is their text's, not Java's (signed halves).
        tenants.sort(java.util.Comparator.comparing(UUID::toString));
        // The fifth of them in the run's order (tenants of other tests come between): the chunks before its chunk (two
        // tenants each) commit, its chunk fails. The fourth may share its chunk; the first three were committed before.
        statements.failOnceFor(tenants.get(4));

        BillingRuns.Run failed = runs.run(period);

        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.failure()).contains("crash in the middle");
        assertThat(tenants.subList(0, 3)).allSatisfy(tenant -> assertThat(invoicesOf(tenant, period)).hasSize(1));
        assertThat(tenants.subList(4, 7)).allSatisfy(tenant -> assertThat(invoicesOf(tenant, period)).isEmpty());

        BillingRuns.Run restarted = runs.run(period);

        assertThat(restarted.status()).isEqualTo("COMPLETED");
        assertThat(tenants).allSatisfy(tenant -> {
            List<Invoice> invoiced = invoicesOf(tenant, period);
            assertThat(invoiced).hasSize(1);
            Invoice invoice = invoiced.getFirst();
            assertThat(invoice.statement()).isEqualTo(new MonthStatement(tenant, 1_200, 10_000, 4_000, 500, 66_000));
            assertThat(invoice.lines()).extracting(Invoice.Line::kind).containsExactly("BASE_FEE", "OVERAGE");
            // 999.00 base + 200 members x 0.10 = 1,019.00; 6 % VAT 61.14
            assertThat(invoice.subtotalFen()).isEqualTo(101_900);
            assertThat(invoice.taxFen()).isEqualTo(6_114);
            assertThat(invoice.totalFen()).isEqualTo(108_014);
        });
        assertThat(runs.runs(period)).extracting(BillingRuns.Run::status).containsExactly("COMPLETED", "FAILED");
        assertThatThrownBy(() -> runs.run(period)).isInstanceOfSatisfying(BillingRefused.class,
                e -> assertThat(e.kind()).isEqualTo(BillingRefused.Kind.CONFLICT));
    }

    @Test
    void aRunWhoseProcessDiedIsRecoveredAndRestartedWithoutASecondInvoice() {
        YearMonth period = YearMonth.parse("2031-07");
        String plan = plan();
        UUID tenant = subscribed(plan, "2031-07-01");
        // What a killed process leaves in the job repository: the month's execution STARTED, never ended.
        var parameters = new JobParametersBuilder().addString("period", period.toString()).toJobParameters();
        var instance = jobRepository.createJobInstance(BillingRunJobConfiguration.JOB, parameters);
        JobExecution dead = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        dead.setStatus(BatchStatus.STARTED);
        dead.setStartTime(LocalDateTime.now());
        jobRepository.update(dead);

        assertThatThrownBy(() -> runs.run(period)).isInstanceOfSatisfying(BillingRefused.class, e -> assertThat(e.getMessage()).contains("is running"));
        assertThat(runs.recover(period).status()).isNotIn("STARTED", "STARTING");
        assertThat(runs.run(period).status()).isEqualTo("COMPLETED");

        assertThat(invoicesOf(tenant, period)).hasSize(1);
        assertThatThrownBy(() -> runs.recover(period)).isInstanceOf(BillingRefused.class);
    }

    @Test
    void theSameUsageReportedAgainIsMeteredOnceAndLateUsageLandsOnTheNextInvoiceAsAnAdjustment() {
        String plan = plan();
        UUID tenant = subscribed(plan, "2031-02-01");
        Instant inFebruary = Instant.parse("2031-02-10T04:00:00Z");
        for (int i = 0; i < 5; i++) {
            boolean recorded = metering.record(tenant, Usage.redemption("order:O-1:completed", inFebruary, 100_000, 60_000));
            assertThat(recorded).isEqualTo(i == 0);
        }
        assertThat(runs.run(YearMonth.parse("2031-02")).status()).isEqualTo("COMPLETED");
        Invoice february = invoicesOf(tenant, YearMonth.parse("2031-02")).getFirst();
        assertThat(february.lines()).extracting(l -> l.kind() + " " + l.amountFen())
                .containsExactly("BASE_FEE 99900", "SERVICE_FEE 2000", "GOODS_COST 60000", "GOODS_MARGIN 3000");

        // February's refund arrives after February was invoiced (and so does its duplicate).
        metering.record(tenant, Usage.refund("order:O-1:refund:1", Instant.parse("2031-02-27T01:00:00Z"), 50_000, 30_000));
        metering.record(tenant, Usage.refund("order:O-1:refund:1", Instant.parse("2031-02-27T01:00:00Z"), 50_000, 30_000));
        assertThat(runs.run(YearMonth.parse("2031-03")).status()).isEqualTo("COMPLETED");

        assertThat(invoicesOf(tenant, YearMonth.parse("2031-02")).getFirst()).isEqualTo(february);
        Invoice march = invoicesOf(tenant, YearMonth.parse("2031-03")).getFirst();
        assertThat(march.lines()).extracting(l -> (l.adjustment() ? "ADJ " : "") + l.kind() + " " + l.amountFen())
                .containsExactly("BASE_FEE 99900", "ADJ SERVICE_FEE -1000", "ADJ GOODS_COST -30000", "ADJ GOODS_MARGIN -1500");
    }

    @Test
    void aFinalizedInvoiceCannotChangeAndIsCorrectedByCreditNotes() {
        String plan = plan();
        UUID tenant = subscribed(plan, "2031-04-01");
        assertThat(runs.run(YearMonth.parse("2031-04")).status()).isEqualTo("COMPLETED");
        Invoice draft = invoicesOf(tenant, YearMonth.parse("2031-04")).getFirst();
        assertThat(draft.status()).isEqualTo(Invoice.Status.DRAFT);
        assertThat(draft.finalizeAfter()).isAfter(draft.issuedAt());
        assertThatThrownBy(() -> invoices.credit(tenant, draft.id(), 100, "too early")).isInstanceOf(BillingRefused.class);
        // A draft may still change (the grace period): the trigger lets it.
        asTenant(tenant, () -> jdbc.sql("update billing.invoice_line set description = description where tenant_id = ? and invoice_id = ?")
                .params(tenant, draft.id()).update());

        Invoice finalized = invoices.finalizeNow(tenant, draft.id());

        assertThat(finalized.status()).isEqualTo(Invoice.Status.FINALIZED);
        assertThatThrownBy(() -> asTenant(tenant, () -> jdbc.sql("update billing.invoice_line set amount_fen = 1 where tenant_id = ? and invoice_id = ?")
                .params(tenant, draft.id()).update())).hasMessageContaining("cannot change");
        assertThatThrownBy(() -> asTenant(tenant, () -> jdbc.sql("""
                insert into billing.invoice_line (tenant_id, invoice_id, line_no, kind, description, quantity, amount_fen, tax_fen)
                values (?, ?, 99, 'BASE_FEE', 'sneaked in', 1, 1, 0)""").params(tenant, draft.id()).update())).hasMessageContaining("cannot change");
        assertThatThrownBy(() -> asTenant(tenant, () -> jdbc.sql("delete from billing.invoice_line where tenant_id = ? and invoice_id = ?")
                .params(tenant, draft.id()).update())).hasMessageContaining("cannot change");
        assertThatThrownBy(() -> asTenant(tenant, () -> jdbc.sql("update billing.invoice set total_fen = 0, subtotal_fen = 0, tax_fen = 0 where tenant_id = ? and id = ?")
                .params(tenant, draft.id()).update())).hasMessageContaining("is finalized");

        var note = invoices.credit(tenant, draft.id(), 9_990, "服务中断补偿 outage credit");
        // 6 % of the credited amount, as the invoice taxed it: 599.4 -> 599
        assertThat(note.taxFen()).isEqualTo(599);
        assertThat(invoices.creditNotes(tenant, draft.id())).containsExactly(note);
        assertThatThrownBy(() -> invoices.credit(tenant, draft.id(), 99_900, "more than is left"))
                .isInstanceOfSatisfying(BillingRefused.class, e -> assertThat(e.field()).isEqualTo("amountFen"));
        assertThat(invoices.find(tenant, draft.id())).contains(finalized);
    }

    @Test
    void anotherTenantSeesNoneOfATenantsInvoices() {
        String plan = plan();
        UUID tenant = subscribed(plan, "2031-05-01");
        assertThat(runs.run(YearMonth.parse("2031-05")).status()).isEqualTo("COMPLETED");
        Invoice invoice = invoicesOf(tenant, YearMonth.parse("2031-05")).getFirst();
        UUID other = UUID.randomUUID();
        assertThat(invoices.find(other, invoice.id())).isEmpty();
        assertThat(invoices.of(other)).isEmpty();
        // Without a tenant the table looks empty.
        assertThat(jdbc.sql("select count(*) from billing.invoice").query(Long.class).single()).isZero();
    }

    @Test
    void theInvoicePdfShowsChineseText() throws Exception {
        String plan = plan();
        UUID tenant = subscribed(plan, "2031-06-01");
        statements.set(new MonthStatement(tenant, 10, 5_000, 1_000, 0, 12_345));
        assertThat(runs.run(YearMonth.parse("2031-06")).status()).isEqualTo("COMPLETED");
        Invoice invoice = invoicesOf(tenant, YearMonth.parse("2031-06")).getFirst();

        byte[] pdf = invoices.pdf(tenant, invoice.id());

        var reader = new PdfReader(pdf);
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text).contains("积分平台服务账单", invoice.number(), "基础月费", "月末积分负债", "123.45", "1058.94");
    }
}
