package io.jifen.platform.ledger;

import java.util.List;
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
        List<Map<String, Object>> prepared = TenantContext.callAs(tenant.id(), () -> {
            UUID member = members.create(new NewMember("p-1", Audience.CONSUMER, null, null, null, null, null, null)).id();
            ledger.earn(UUID.randomUUID().toString(), new Ledger.Earn(member, "points", 10, "order", null, null, null));
            // One transaction: every call runs on the same connection, as calls on a pooled one do.
            return new TransactionTemplate(transactionManager).execute(status -> {
                for (int i = 0; i < 15; i++) {
                    assertThat(reconciliation.check().violations()).isEmpty();
                    // The form the reconciliation's statements had: no parameter, the tenant from the session.
                    jdbc.sql("select count(*) from platform.ledger_transaction where tenant_id = platform.current_tenant() and points > -1")
                            .query(Long.class).single();
                }
                return jdbc.sql("""
                                select statement, generic_plans, custom_plans from pg_prepared_statements
                                where statement like '%platform.ledger_%'""")
                        .query().listOfRows();
            });
        });

        var oldForm = prepared.stream().filter(statement -> statement.get("statement").toString().contains("points > -1")).toList();
        assertThat(oldForm).as("the old form is planned once, generically, and that plan serves every later call")
                .singleElement().satisfies(statement -> assertThat(((Number) statement.get("generic_plans")).longValue()).isPositive());
        var reconciliations = prepared.stream().filter(statement -> !oldForm.contains(statement)).toList();
        assertThat(reconciliations).as("PgJDBC prepared the reconciliation's statements on this connection").hasSizeGreaterThanOrEqualTo(8);
        assertThat(reconciliations).allSatisfy(statement -> assertThat(((Number) statement.get("generic_plans")).longValue())
                .as("generic plans of " + statement.get("statement")).isZero());
    }
}
