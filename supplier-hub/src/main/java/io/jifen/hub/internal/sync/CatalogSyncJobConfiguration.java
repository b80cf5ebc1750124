package io.jifen.hub.internal.sync;

import java.util.List;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.hub.HubProperties;

/**
 * The catalog sync jobs, one run per supplier:
 * <ul>
 * <li>{@code catalogFullSync}: reads every SKU id in the supplier's pools, then in chunks ({@code jifen.hub.sync.chunk-size},
 * 500) fetches details, prices and stock and writes them to PostgreSQL and the index in the chunk's transaction; then
 * delists what the run did not see. The reader keeps its position in the step's context, so a restart carries on
 * after the last committed chunk; the run id that marks SKUs as seen is the job instance's, the same on a restart.</li>
 * <li>{@code catalogChanges}: works through the supplier's change messages ({@link CatalogSync#applyChanges}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class CatalogSyncJobConfiguration {

    static final String FULL_SYNC = "catalogFullSync";
    static final String CHANGES = "catalogChanges";

    @Bean
    Job catalogFullSyncJob(JobRepository jobRepository, Step syncSkus, Step delistUnseenSkus) {
        return new JobBuilder(FULL_SYNC, jobRepository).start(syncSkus).next(delistUnseenSkus).build();
    }

    @Bean
    Step syncSkus(JobRepository jobRepository, PlatformTransactionManager transactionManager, ItemStreamReader<String> skuIdReader,
                  ItemWriter<String> skuWriter, HubProperties properties) {
        return new StepBuilder("syncSkus", jobRepository)
                .<String, String>chunk(properties.sync().chunkSize(), transactionManager)
                .reader(skuIdReader)
                .writer(skuWriter)
                .build();
    }

    @Bean
    Step delistUnseenSkus(JobRepository jobRepository, PlatformTransactionManager transactionManager, CatalogSync sync) {
        return new StepBuilder("delistUnseenSkus", jobRepository)
                .tasklet((contribution, context) -> {
                    Run run = Run.of(contribution.getStepExecution());
                    contribution.incrementWriteCount(sync.delistUnseen(run.supplier(), run.id()));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    ItemStreamReader<String> skuIdReader(CatalogSync sync) {
        return new SkuIdReader(sync, Run.current().supplier());
    }

    @Bean
    @StepScope
    ItemWriter<String> skuWriter(CatalogSync sync) {
        Run run = Run.current();
        return chunk -> sync.apply(run.supplier(), List.copyOf(chunk.getItems()), run.id(), true);
    }

    @Bean
    Job catalogChangesJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, CatalogSync sync) {
        var apply = new StepBuilder("applyChanges", jobRepository)
                .tasklet((contribution, context) -> {
                    contribution.incrementWriteCount(sync.applyChanges(Run.of(contribution.getStepExecution()).supplier()));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder(CHANGES, jobRepository).start(apply).build();
    }

    /** The run a step belongs to: the job instance's id (the same on a restart) and the supplier it syncs. */
    private record Run(long id, String supplier) {

        static Run of(StepExecution step) {
            return new Run(step.getJobExecution().getJobInstance().getInstanceId(), step.getJobParameters().getString("supplier"));
        }

        /** The run of the step that is creating a step-scoped bean. */
        static Run current() {
            return of(StepSynchronizationManager.getContext().getStepExecution());
        }
    }

    /** The supplier's SKU ids, read once per step execution; the position survives a restart. */
    static final class SkuIdReader implements ItemStreamReader<String> {

        private static final String POSITION = "position";
        /** How many SKU ids this step execution reads in all (a restart only the rest), for the run's progress. */
        static final String TOTAL = "total";

        private final CatalogSync sync;
        private final String supplier;
        private List<String> ids;
        private int position;
        private int toRead;

        SkuIdReader(CatalogSync sync, String supplier) {
            this.sync = sync;
            this.supplier = supplier;
        }

        @Override
        public void open(ExecutionContext context) {
            ids = sync.skuIds(supplier);
            position = context.getInt(POSITION, 0);
            toRead = Math.max(0, ids.size() - position);
        }

        @Override
        public String read() {
            return position < ids.size() ? ids.get(position++) : null;
        }

        @Override
        public void update(ExecutionContext context) {
            context.putInt(POSITION, position);
            context.putInt(TOTAL, toRead);
        }
    }
}
