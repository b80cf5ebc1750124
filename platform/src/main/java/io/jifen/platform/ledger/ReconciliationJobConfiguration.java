package io.jifen.platform.ledger;

import java.util.UUID;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The reconciliation job: checks every tenant's ledger ({@link LedgerReconciliation}) and keeps a report per tenant.
 * Counts the tenants it checked as read and the tenants that did not balance as written. A rerun simply checks again.
 */
@Configuration(proxyBeanMethods = false)
class ReconciliationJobConfiguration {

    static final String JOB_NAME = "ledgerReconciliation";

    @Bean
    Job ledgerReconciliationJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                                LedgerReconciliation reconciliation) {
        var reconcile = new StepBuilder("reconcileTenants", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    for (UUID tenant : tenants.allIds()) {
                        var report = TenantContext.callAs(tenant, reconciliation::checkAndRecord);
                        contribution.incrementReadCount();
                        if (!report.balanced()) {
                            contribution.incrementWriteCount(1);
                        }
                    }
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder(JOB_NAME, jobRepository).start(reconcile).build();
    }
}
