package io.jifen.hub.internal.settlement;

import java.time.YearMonth;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.hub.internal.connector.Connectors;

/**
 * The monthly settlement with a supplier ({@code supplierSettlement}; parameters supplier, month, requestedAt): first
 * the supplier's statement is fetched and stored as received, then every line and every order we hold as delivered in
 * the month is given its outcome. Each step commits on its own, so a restart after a failed reconciliation does not
 * fetch the statement again. The run's id is the job instance's.
 */
@Configuration(proxyBeanMethods = false)
class SettlementJobConfiguration {

    static final String JOB = "supplierSettlement";

    @Bean
    Job supplierSettlementJob(JobRepository jobRepository, Step fetchStatement, Step reconcileStatement) {
        return new JobBuilder(JOB, jobRepository).start(fetchStatement).next(reconcileStatement).build();
    }

    @Bean
    Step fetchStatement(JobRepository jobRepository, PlatformTransactionManager transactionManager, Connectors suppliers, SettlementStore store) {
        return new StepBuilder("fetchStatement", jobRepository)
                .tasklet((contribution, context) -> {
                    Run run = Run.of(contribution);
                    var lines = suppliers.get(run.supplier()).statement(run.month());
                    store.statement(run.id(), run.supplier(), run.month(), lines);
                    contribution.incrementWriteCount(lines.size());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    Step reconcileStatement(JobRepository jobRepository, PlatformTransactionManager transactionManager, StatementReconciliation reconciliation) {
        return new StepBuilder("reconcileStatement", jobRepository)
                .tasklet((contribution, context) -> {
                    Run run = Run.of(contribution);
                    reconciliation.reconcile(run.id(), run.supplier(), run.month());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    private record Run(long id, String supplier, YearMonth month) {
        static Run of(StepContribution contribution) {
            var step = contribution.getStepExecution();
            var parameters = step.getJobParameters();
            return new Run(step.getJobExecution().getJobInstance().getInstanceId(), parameters.getString("supplier"),
                    YearMonth.parse(parameters.getString("month")));
        }
    }
}
