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
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The points-expiry job: tenant by tenant, reads the lots due at the job's {@code asOf} instant in pages and books
 * them out in chunks. Restarting a failed run carries on with the lots still due; a lot already booked out is never
 * booked out again (see {@link PointsExpiry}).
 */
@Configuration(proxyBeanMethods = false)
class ExpiryJobConfiguration {

    static final String JOB_NAME = "pointsExpiry";
    static final String REMINDER_JOB_NAME = "expiryReminders";
    private static final int CHUNK = 2_000;

    record DueLot(UUID tenantId, UUID lotId) {
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

    @Bean
    Step expireDueLots(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                       ItemReader<DueLot> dueLotReader, ItemWriter<DueLot> dueLotWriter) {
        return new StepBuilder("expireDueLots", jobRepository)
                .<DueLot, DueLot>chunk(CHUNK, transactionManager)
                .reader(dueLotReader)
                .writer(dueLotWriter)
                .build();
    }

    @Bean
    @StepScope
    ItemReader<DueLot> dueLotReader(TenantRegistry tenants, PointsExpiry expiry, @Value("#{jobParameters['asOf']}") String asOf) {
        return new DueLotReader(tenants.allIds(), expiry, Instant.parse(asOf));
    }

    @Bean
    @StepScope
    ItemWriter<DueLot> dueLotWriter(PointsExpiry expiry, @Value("#{jobParameters['asOf']}") String asOf) {
        Instant due = Instant.parse(asOf);
        return chunk -> {
            Map<UUID, List<UUID>> byTenant = new LinkedHashMap<>();
            chunk.getItems().forEach(item -> byTenant.computeIfAbsent(item.tenantId(), t -> new ArrayList<>()).add(item.lotId()));
            byTenant.forEach((tenant, lots) -> TenantContext.runAs(tenant, () -> expiry.expire(lots, due)));
        };
    }

    /** Walks the tenants in order and, within each, the due lots by (expiry, id), each lot once per run. */
    static final class DueLotReader implements ItemReader<DueLot> {

        private static final Instant START = Instant.EPOCH;
        private static final UUID NONE = new UUID(0, 0);

        private final List<UUID> tenants;
        private final PointsExpiry expiry;
        private final Instant asOf;
        private final Deque<PointsExpiry.Due> page = new ArrayDeque<>();
        private int tenant;
        private Instant afterExpiresAt = START;
        private UUID afterId = NONE;

        DueLotReader(List<UUID> tenants, PointsExpiry expiry, Instant asOf) {
            this.tenants = tenants;
            this.expiry = expiry;
            this.asOf = asOf;
        }

        @Override
        public DueLot read() {
            while (page.isEmpty()) {
                if (tenant >= tenants.size()) {
                    return null;
                }
                var next = TenantContext.callAs(tenants.get(tenant), () -> expiry.dueLots(asOf, afterExpiresAt, afterId, CHUNK * 2));
                if (next.isEmpty()) {
                    tenant++;
                    afterExpiresAt = START;
                    afterId = NONE;
                } else {
                    page.addAll(next);
                    afterExpiresAt = next.getLast().expiresAt();
                    afterId = next.getLast().id();
                }
            }
            return new DueLot(tenants.get(tenant), page.poll().id());
        }
    }
}
