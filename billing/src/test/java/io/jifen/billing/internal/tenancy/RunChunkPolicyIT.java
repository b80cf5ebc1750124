package io.jifen.billing.internal.tenancy;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.billing.BillingIntegrationTest;
import io.jifen.billing.PlanTerms;
import io.jifen.billing.Plans;
import io.jifen.billing.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The monthly run's chunk scope admits exactly the chunk's tenants, and nothing once it is over: row-level security
 * still keeps every other tenant's rows out of sight and refuses writes for them.
 */
class RunChunkPolicyIT extends BillingIntegrationTest {

    @Autowired
    TenantScope scope;
    @Autowired
    Plans plans;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    private List<UUID> visibleAmong(List<UUID> tenants) {
        return jdbc.sql("select tenant_id from billing.subscription where tenant_id = any(?::uuid[]) order by tenant_id")
                .param(tenants.toArray(UUID[]::new)).query(UUID.class).list();
    }

    @Test
    void aChunkSeesAndWritesItsOwnTenantsOnly() {
        String code = "chunk-" + UUID.randomUUID().toString().substring(0, 8);
        plans.publish(new PlanTerms(code, "标准版", 1_000, 10, 1, 0, 0, 0, null));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        for (UUID tenant : List.of(a, b, outsider)) {
            subscriptions.subscribe(tenant, code, LocalDate.parse("2030-01-01"), null);
        }
        List<UUID> all = List.of(a, b, outsider);
        var transactions = new TransactionTemplate(transactionManager);

        List<UUID> outside = transactions.execute(s -> visibleAmong(all));
        assertThat(outside).as("no tenant, no chunk: nothing").isEmpty();
        List<UUID> inChunk = transactions.execute(s -> scope.acrossChunk(List.of(a, b), () -> visibleAmong(all)));
        assertThat(inChunk).containsExactlyInAnyOrder(a, b);
        List<UUID> after = transactions.execute(s -> {
            scope.acrossChunk(List.of(a, b), () -> visibleAmong(all));
            return visibleAmong(all);
        });
        assertThat(after).as("the chunk is over: its transaction sees nothing again").isEmpty();
        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> scope.acrossChunk(List.of(a, b), () -> jdbc.sql("""
                        insert into billing.subscription (tenant_id, id, plan_code, plan_version, starts_on) values (?, ?, ?, 1, '2030-02-01')""")
                .params(outsider, UUID.randomUUID(), code).update())))
                .as("a write for a tenant outside the chunk").hasStackTraceContaining("violates row-level security policy");
    }
}
