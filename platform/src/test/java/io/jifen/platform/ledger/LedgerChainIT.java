package io.jifen.platform.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;

/** The tamper-evident chain: every finished transaction is sealed, and a change made behind the ledger's back is named. */
class LedgerChainIT extends IntegrationTest {

    private Fixtures.TenantFixture tenant;
    private String admin;
    private MemberPoints wallet;

    @Autowired
    LedgerChain chain;

    @BeforeEach
    void member() {
        tenant = fixtures.tenant("chain");
        admin = fixtures.adminToken(tenant);
        wallet = MemberPoints.register(http(), fixtures.apiToken(tenant), "m-1");
    }

    @Test
    void reconciliationSealsEveryTransactionAndNamesTheFirstOneChangedAfterItWasSealed() throws SQLException {
        wallet.earn(100, null);
        String spend = wallet.spend(30, key()).json().get("transactionId").asString();
        wallet.refund(spend, 10L, key());
        wallet.earn(5, null);
        assertThat(reconcile().get("violations")).isEmpty();
        assertThat(links()).as("every transaction, in the order they were written").hasSize(4);

        try (Connection db = stack().superuserConnection("jifen")) {
            // As the owner, behind the ledger's back: the append-only trigger is off for this session only.
            db.createStatement().execute("set session_replication_role = replica");
            var update = db.prepareStatement("""
                    update platform.ledger_entry set amount = amount + sign(amount) * 5
                    where tenant_id = ? and transaction_id = ?""");
            update.setObject(1, tenant.id());
            update.setObject(2, UUID.fromString(spend));
            assertThat(update.executeUpdate()).isEqualTo(2);
        }

        JsonNode violations = reconcile().get("violations");
        int link = links().indexOf(UUID.fromString(spend)) + 1;
        assertThat(violations.toString()).contains("the ledger chain is broken at link " + link + ": transaction " + spend
                + " or its postings were changed after it was sealed");
    }

    @Test
    void aTransactionThatCommitsLateIsSealedAfterTheOnesSealedBeforeIt() throws SQLException {
        wallet.earn(10, null);
        try (Connection blocker = stack().superuserConnection("jifen")) {
            // An open transaction with an id older than the next earn's: the sealer must wait for it before going past.
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("select pg_current_xact_id()");
            wallet.earn(20, null);

            assertThat(reconcile().get("violations")).isEmpty();
            assertThat(links()).as("the second earn waits behind the open transaction").hasSize(1);
            blocker.rollback();
        }

        assertThat(reconcile().get("violations")).isEmpty();
        assertThat(links()).hasSize(2);
    }

    @Test
    void aTransactionSlippedInBehindTheSealOrALinkRemovedIsReported() throws SQLException {
        wallet.earn(10, null);
        wallet.earn(20, null);
        assertThat(reconcile().get("violations")).isEmpty();
        List<UUID> sealed = links();

        try (Connection db = stack().superuserConnection("jifen")) {
            db.createStatement().execute("set session_replication_role = replica");
            var delete = db.prepareStatement("delete from platform.ledger_chain_link where tenant_id = ? and transaction_id = ?");
            delete.setObject(1, tenant.id());
            delete.setObject(2, sealed.getLast());
            delete.executeUpdate();
        }

        assertThat(reconcile().get("violations").toString())
                .contains("head is link " + sealed.size() + " but the chain ends at link " + (sealed.size() - 1))
                .contains("transaction " + sealed.getLast() + " is not in the ledger chain");
    }

    private JsonNode reconcile() {
        return http().get("/api/v1/points/reconciliation", admin).json();
    }

    private List<UUID> links() {
        return TenantContext.callAs(tenant.id(), () -> chain.links());
    }
}
