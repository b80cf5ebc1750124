package io.jifen.billing.internal.invoicing;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.MonthStatement;
import io.jifen.billing.MonthStatements;
import io.jifen.billing.internal.tenancy.TenantScope;

/**
 * The monthly run ({@code billingRun}, parameter {@code period}, "2026-11"): the registered tenants in id order, a chunk
 * of {@code jifen.billing.tenants-per-chunk} at a time, each chunk one transaction that asks the embedding application
 * for the chunk's month figures at once and writes the chunk's invoices set-based (a few statements per chunk). A restart (of a failed run: same period, same
 * job instance) carries on after the last committed chunk; a tenant with the month's invoice already is skipped, and
 * the unique (tenant, period) key would refuse a second one anyway.
 */
@Configuration(proxyBeanMethods = false)
class BillingRunJobConfiguration {

    static final String JOB = "billingRun";
    static final String STEP = "invoiceTenants";

    @Bean
    Job billingRunJob(JobRepository jobRepository, Step invoiceTenants) {
        return new JobBuilder(JOB, jobRepository).start(invoiceTenants).build();
    }

    @Bean
    Step invoiceTenants(JobRepository jobRepository, PlatformTransactionManager transactionManager, ItemStreamReader<UUID> billingTenantReader,
                        ItemWriter<UUID> billingInvoiceWriter, BillingProperties properties) {
        return new StepBuilder(STEP, jobRepository)
                .<UUID, UUID>chunk(properties.tenantsPerChunk(), transactionManager)
                .reader(billingTenantReader)
                .writer(billingInvoiceWriter)
                .build();
    }

    /** Registered tenants by keyset on their id, a page at a time; the last id handed out is the restart point. */
    @Bean
    @StepScope
    ItemStreamReader<UUID> billingTenantReader(JdbcClient jdbc, BillingProperties properties) {
        return new ItemStreamReader<>() {
            private static final String AFTER = "after";
            private List<UUID> page = List.of();
            private int next;
            private UUID after = new UUID(0, 0);

            @Override
            public void open(ExecutionContext context) {
                if (context.containsKey(AFTER)) {
                    after = UUID.fromString(context.getString(AFTER));
                }
            }

            @Override
            public void update(ExecutionContext context) {
                context.putString(AFTER, after.toString());
            }

            @Override
            public UUID read() {
                if (next == page.size()) {
                    page = jdbc.sql("select id from billing.tenant where id > ? order by id limit ?").params(after, properties.tenantsPerChunk())
                            .query(UUID.class).list();
                    next = 0;
                    if (page.isEmpty()) {
                        return null;
                    }
                }
                after = page.get(next++);
                return after;
            }
        };
    }

    @Bean
    @StepScope
    ItemWriter<UUID> billingInvoiceWriter(@Value("#{jobParameters['period']}") String period, MonthStatements statements, InvoiceWriter writer,
                                   TenantScope scope, BillingProperties properties) {
        YearMonth month = YearMonth.parse(period);
        Instant from = month.atDay(1).atStartOfDay(properties.zone()).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(properties.zone()).toInstant();
        return chunk -> {
            List<UUID> tenants = List.copyOf(chunk.getItems());
            Map<UUID, MonthStatement> figures = statements.of(tenants, from, to);
            var versions = writer.planVersions();
            scope.acrossChunk(tenants, () -> writer.invoiceChunk(tenants, month, figures, versions));
        };
    }
}
