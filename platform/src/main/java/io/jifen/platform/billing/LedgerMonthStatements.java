package io.jifen.platform.billing;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.billing.MonthStatement;
import io.jifen.billing.MonthStatements;
import io.jifen.platform.ledger.LedgerPeriods;

/** The monthly run's month statements, from the tenants' ledgers (one round trip per chunk of tenants). */
@Component
class LedgerMonthStatements implements MonthStatements {

    private final LedgerPeriods periods;

    LedgerMonthStatements(LedgerPeriods periods) {
        this.periods = periods;
    }

    @Override
    public Map<UUID, MonthStatement> of(Collection<UUID> tenants, Instant from, Instant to) {
        Map<UUID, MonthStatement> statements = new HashMap<>();
        periods.summaries(tenants, from, to).forEach((tenant, s) -> statements.put(tenant,
                new MonthStatement(tenant, s.activeMembers(), s.pointsIssued(), s.pointsRedeemed(), s.pointsExpired(), s.liabilityFen())));
        return statements;
    }
}
