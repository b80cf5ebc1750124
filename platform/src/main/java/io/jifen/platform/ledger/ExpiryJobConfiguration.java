package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;

import io.jifen.platform.ledger.internal.LedgerProperties;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The points-expiry job: the tenants are split into partitions that run side by side (one per core by default); each
 * walks its tenants' wallets that hold lots due at the job's {@code asOf} instant and books them out in chunks of
 * wallets. Restarting a failed run carries on with the lots still due; a lot already booked out is never booked out
 * again (see {@link PointsExpiry}).
 */
@Configuration(proxyBeanMethods = false)
class ExpiryJobConfiguration {

    static final String JOB_NAME = "pointsExpiry";
    static final String REMINDER_JOB_NAME = "expiryReminders";
    /** The step that splits the tenants; its counts are the sums of its partitions'. */
    static final String EXPIRY_STEP = "expireDueLots";
    static final String LOTS_EXPIRED = "lotsExpired";
    private static final String TENANTS = "tenants";

    record DueWallet(UUID tenantId, UUID walletId) {
    }

    @Bean
    Job pointsExpiryJob(JobRepository jobRepository, Step expireDueLots) {
        return new JobBuilder(JOB_NAME, jobRepository).start(expireDueLots).build();
    }

    /** Reminders, tenant by tenant; a rerun finds the reminders recorded already and sends nothing twice. */
    @Bean
    Job expiryRemindersJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, TenantRegistry tenants,
                           ExpiryReminders reminders) {
        Step remind = new StepBuilder("remindExpiringPoints", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    Instant asOf = Instant.parse(chunkContext.getStepContext().getStepExecution().getJobParameters().getString("asOf"));
                    for (UUID tenant : tenants.allIds()) {
                        int sent = TenantContext.callAs(tenant, () -> reminders.remind(asOf));
                        contribution.incrementWriteCount(sent);
                    }
                    return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
        return new JobBuilder(REMINDER_JOB_NAME, jobRepository).start(remind).build();
    }

    /**
     * Splits the tenants round-robin into {@code jifen.ledger.expiry.partitions} partitions (a restart reuses the
     * split of the failed run). Each partition's PostgreSQL work runs in its own backend, so two use both cores.
     */
    @Bean
    Step expireDueLots(JobRepository jobRepository, Step expireDueLotsOfTenants, TenantRegistry tenants, LedgerProperties properties) {
        int partitions = properties.expiry().partitions();
        Partitioner byTenant = gridSize -> {
            List<UUID> all = tenants.allIds();
            Map<String, ExecutionContext> split = new LinkedHashMap<>();
            for (int p = 0; p < gridSize; p++) {
                List<UUID> mine = new ArrayList<>();
                for (int t = p; t < all.size(); t += gridSize) {
                    mine.add(all.get(t));
                }
                var context = new ExecutionContext();
                // Comma-separated, as runs of earlier versions stored it: a restart reads the failed run's split back.
                context.putString(TENANTS, StringUtils.collectionToCommaDelimitedString(mine));
                split.put("tenants" + p, context);
            }
            return split;
        };
        var threads = new SimpleAsyncTaskExecutor("expiry-");
        threads.setConcurrencyLimit(partitions);
        return new StepBuilder(EXPIRY_STEP, jobRepository)
                .partitioner(EXPIRY_STEP + "OfTenants", byTenant)
                .step(expireDueLotsOfTenants)
                .gridSize(partitions)
                .taskExecutor(threads)
                .build();
    }

    @Bean
    Step expireDueLotsOfTenants(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                ItemReader<DueWallet> dueWalletReader, ItemWriter<DueWallet> dueWalletWriter, LedgerProperties properties) {
        return new StepBuilder(EXPIRY_STEP + "OfTenants", jobRepository)
                .<DueWallet, DueWallet>chunk(properties.expiry().walletsPerChunk(), transactionManager)
                .reader(dueWalletReader)
                .writer(dueWalletWriter)
                .build();
    }

    /** The partition's tenants come as the comma-separated ids it was given; Spring's conversion service splits and parses them. */
    @Bean
    @StepScope
    ItemReader<DueWallet> dueWalletReader(PointsExpiry expiry, @Value("#{jobParameters['asOf']}") String asOf,
                                          @Value("#{stepExecutionContext['" + TENANTS + "']}") List<UUID> tenants,
                                          LedgerProperties properties) {
        return new DueWalletReader(tenants, expiry, Instant.parse(asOf), properties.expiry().walletsPerChunk());
    }

    /** Expires the chunk's wallets, tenant by tenant; the lots it booked out are counted in the step's context. */
    @Bean
    @StepScope
    ItemWriter<DueWallet> dueWalletWriter(PointsExpiry expiry, @Value("#{jobParameters['asOf']}") String asOf) {
        Instant due = Instant.parse(asOf);
        return chunk -> {
            Map<UUID, List<UUID>> byTenant = new LinkedHashMap<>();
            chunk.getItems().forEach(item -> byTenant.computeIfAbsent(item.tenantId(), t -> new ArrayList<>()).add(item.walletId()));
            long lots = 0;
            for (var tenant : byTenant.entrySet()) {
                lots += TenantContext.callAs(tenant.getKey(), () -> expiry.expire(tenant.getValue(), due));
            }
            ExecutionContext step = StepSynchronizationManager.getContext().getStepExecution().getExecutionContext();
            step.putLong(LOTS_EXPIRED, step.getLong(LOTS_EXPIRED, 0) + lots);
        };
    }

    /** Walks the tenants in order and, within each, the wallets with due lots by id, each wallet once per run. */
    static final class DueWalletReader implements ItemReader<DueWallet> {

        private static final UUID NONE = new UUID(0, 0);

        private final List<UUID> tenants;
        private final PointsExpiry expiry;
        private final Instant asOf;
        private final int pageSize;
        private final Deque<UUID> page = new ArrayDeque<>();
        private int tenant;
        private UUID after = NONE;

        DueWalletReader(List<UUID> tenants, PointsExpiry expiry, Instant asOf, int pageSize) {
            this.tenants = tenants;
            this.expiry = expiry;
            this.asOf = asOf;
            this.pageSize = pageSize;
        }

        @Override
        public DueWallet read() {
            while (page.isEmpty()) {
                if (tenant >= tenants.size()) {
                    return null;
                }
                var next = TenantContext.callAs(tenants.get(tenant), () -> expiry.dueWallets(asOf, after, pageSize));
                if (next.isEmpty()) {
                    tenant++;
                    after = NONE;
                } else {
                    page.addAll(next);
                    after = next.getLast();
                }
            }
            return new DueWallet(tenants.get(tenant), page.poll());
        }
    }
}
