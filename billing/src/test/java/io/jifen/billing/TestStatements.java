package io.jifen.billing;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The month figures a test sets per tenant, standing in for the platform's ledger; a tenant marked to fail makes the
 * next chunk that asks for it fail once, as a crash in the middle of a run would.
 */
public class TestStatements implements MonthStatements {

    private final Map<UUID, MonthStatement> figures = new ConcurrentHashMap<>();
    private final Set<UUID> failOnce = ConcurrentHashMap.newKeySet();

    public void set(MonthStatement statement) {
        figures.put(statement.tenantId(), statement);
    }

    public void failOnceFor(UUID tenant) {
        failOnce.add(tenant);
    }

    @Override
    public Map<UUID, MonthStatement> of(Collection<UUID> tenants, Instant from, Instant to) {
        Map<UUID, MonthStatement> answer = new HashMap<>();
        for (UUID tenant : tenants) {
            if (failOnce.remove(tenant)) {
                throw new IllegalStateException("the ledger is unreachable (a crash in the middle of the run)");
            }
            if (figures.containsKey(tenant)) {
                answer.put(tenant, figures.get(tenant));
            }
        }
        return answer;
    }
}
