package io.jifen.platform.ledger;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.member.Audience;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.NewMember;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation plans every statement for the tenant it checks, every time. PgJDBC server-prepares a statement on its
 * fifth execution on a connection; a prepared statement without parameters then runs one generic plan, made for
 * whichever tenant was current when it was planned, for every tenant after it (a plan for a large tenant took a small
 * one from 0.1 s to 10 s). Not a timing: the server's own count of generic and custom plans per prepared statement.
 */
class LedgerReconciliationPlansIT extends IntegrationTest {

    @Autowired
    LedgerReconciliation reconciliation;
    @Autowired
    Ledger ledger;
    @Autowired
    MemberDirectory members;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void noStatementOfAReconciliationRunsAGenericPlanHoweverOftenItRunsOnOneConnection() {
        var tenant = fixtures.tenant("plans");
        Map<String, long[]> planned = TenantContext.callAs(tenant.id(), () -> {
            UUID member = members.create(new NewMember("p-1", Audience.CONSUMER, null, null, null, null, null, null)).id();
            ledger.earn(UUID.randomUUID().toString(), new Ledger.Earn(member, "points", 10, "order", null, null, null));
            // One transaction: every call runs on the same connection, as calls on a pooled one do. The connection has
            // served others before, so what counts is what its prepared statements' plan counts grow by.
            return new TransactionTemplate(transactionManager).execute(status -> {
                Map<String, long[]> before = plans();
                for (int i = 0; i < 15; i++) {
                    assertThat(reconciliation.check().violations()).isEmpty();
                    // The form the reconciliation's statements had: no parameter, the tenant from the session.
                    jdbc.sql("select count(*) from platform.ledger_transaction where tenant_id = platform.current_tenant() and points > -1")
                            .query(Long.class).single();
                }
                Map<String, long[]> growth = new HashMap<>();
                plans().forEach((statement, after) -> {
                    long[] was = before.getOrDefault(statement, new long[2]);
                    if (after[0] > was[0] || after[1] > was[1]) {
                        growth.put(statement, new long[] {after[0] - was[0], after[1] - was[1]});
                    }
                });
                return growth;
            });
        });

        var oldForm = planned.keySet().stream().filter(statement -> statement.contains("points > -1")).toList();
        assertThat(oldForm).as("the old form was server-prepared").hasSize(1);
        assertThat(planned.get(oldForm.getFirst())[0]).as("and ran its one generic plan, whichever tenant it was made for").isPositive();
        planned.keySet().removeAll(oldForm);
        assertThat(planned).as("the reconciliation's statements PgJDBC prepared on this connection").hasSizeGreaterThanOrEqualTo(8);
        assertThat(planned).allSatisfy((statement, growth) -> assertThat(growth[0]).as("generic plans of " + statement).isZero());
    }

    /** generic and custom plans so far of each statement prepared on this connection. */
    private Map<String, long[]> plans() {
        Map<String, long[]> plans = new HashMap<>();
        jdbc.sql("select statement, generic_plans, custom_plans from pg_prepared_statements where statement like '%platform.ledger_%'")
                .query(rs -> {
                    plans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                });
        return plans;
    }
}
