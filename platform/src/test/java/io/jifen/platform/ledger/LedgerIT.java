package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;

/** What every posting shares: the statement, reconciliation, point type changes. The families have their own tests (Ledger*IT). */
@RecordApplicationEvents
class LedgerIT extends IntegrationTest {

    private Fixtures.TenantFixture tenant;
    private String token;
    private MemberPoints wallet;
    private String member;

    @BeforeEach
    void member() {
        tenant = fixtures.tenant("ledger");
        token = fixtures.apiToken(tenant);
        wallet = MemberPoints.register(http(), token, "m-1");
        member = wallet.member();
    }

    @Autowired
    LedgerJobs jobs;
    @Autowired
    ApplicationEvents events;

    @Test
    void theStatementListsEveryPostingNewestFirstWithTheBalanceAfterIt() {
        wallet.earn(100, null);
        String spendId = wallet.spend(30, key()).json().get("transactionId").asString();
        wallet.refund(spendId, 10L, key());

        var lines = http().get("/api/v1/members/" + member + "/points/statement", token).json().get("items");

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("kind").asString()).isEqualTo("REFUND");
        assertThat(lines.get(0).get("reverses").asString()).isEqualTo(spendId);
        assertThat(lines.get(0).get("balanceAfter").asLong()).isEqualTo(80);
        assertThat(lines.get(1).get("balanceAfter").asLong()).isEqualTo(70);
        assertThat(lines.get(2).get("balanceAfter").asLong()).isEqualTo(100);
    }

    @Test
    void theStatementAndTheLotsAreReadAPageAtATimeByCursorEachLineOnce() {
        for (int i = 1; i <= 5; i++) {
            wallet.earn(i, null);
        }
        var statement = new java.util.ArrayList<Long>();
        var lots = new java.util.ArrayList<String>();
        for (String listing : new String[] {"statement", "lots"}) {
            String cursor = "";
            int pages = 0;
            do {
                var page = http().get("/api/v1/members/" + member + "/points/" + listing + "?size=2&after=" + cursor, token).json();
                assertThat(page.get("items").size()).isBetween(1, 2);
                page.get("items").forEach(item -> {
                    if (listing.equals("statement")) {
                        statement.add(item.get("points").asLong());
                    } else {
                        lots.add(item.get("id").asString());
                    }
                });
                cursor = page.get("next").isNull() ? null : page.get("next").asString();
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(3);
        }
        assertThat(statement).as("newest first").containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(lots).hasSize(5).doesNotHaveDuplicates();

        var notOurs = http().get("/api/v1/members/" + member + "/points/statement?after=bm90LW91cnM", token);
        assertThat(notOurs.status()).isEqualTo(400);
        assertThat(notOurs.json().get("errors").get(0).get("field").asString()).isEqualTo("after");
    }

    @Test
    void reconciliationFindsTheLedgerBalancedAndReportsATamperedWallet() throws Exception {
        String admin = fixtures.adminToken(tenant);
        wallet.earn(40, null);
        String spendId = wallet.spend(15, key()).json().get("transactionId").asString();
        wallet.refund(spendId, 5L, key());

        var clean = http().get("/api/v1/points/reconciliation", admin).json();
        assertThat(clean.get("violations")).isEmpty();
        assertThat(clean.get("transactions").asLong()).isEqualTo(3);

        try (var db = stack().superuserConnection("jifen"); var sql = db.createStatement()) {
            sql.execute("update platform.ledger_account set balance = balance + 1 where member_id = '" + member + "'");
        }
        var tampered = http().get("/api/v1/points/reconciliation", admin).json();
        assertThat(tampered.get("violations")).hasSize(1);
        assertThat(tampered.get("violations").get(0).asString()).contains("kept balance 31").contains("entries 30");

        // The nightly job finds it too, keeps the report and raises the alarm.
        var run = jobs.reconcile(Instant.now());
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.written()).as("tenants out of balance").isGreaterThanOrEqualTo(1);
        assertThat(events.stream(LedgerOutOfBalance.class).filter(e -> e.tenantId().equals(tenant.id())))
                .singleElement().satisfies(alarm -> assertThat(alarm.violations()).hasSize(1));
        var reports = http().get("/api/v1/points/reconciliation/reports", admin).json();
        assertThat(reports.get(0).get("violations").get(0).asString()).contains("kept balance 31");
        assertThat(http().get("/api/v1/points/reconciliation/reports", fixtures.apiToken(tenant)).status())
                .as("reports are for tenant admins").isEqualTo(403);
    }

    @Test
    void reconciliationReportsEntriesAndLotsWhoseTransactionOrAccountDoesNotExist() throws Exception {
        String admin = fixtures.adminToken(tenant);
        wallet.earn(40, null);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();

        try (var db = stack().superuserConnection("jifen"); var sql = db.createStatement()) {
            String ghost = UUID.randomUUID().toString();
            sql.execute("insert into platform.ledger_entry (tenant_id, transaction_id, line, account_id, amount) values ('" + tenant.id() + "', '"
                    + ghost + "', 1, gen_random_uuid(), -5), ('" + tenant.id() + "', '" + ghost + "', 2, gen_random_uuid(), 5)");
            sql.execute("insert into platform.ledger_lot (tenant_id, id, account_id, transaction_id, original, remaining, earned_at) values ('"
                    + tenant.id() + "', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 1, 0, now())");
        }
        var orphans = http().get("/api/v1/points/reconciliation", admin).json().get("violations");

        assertThat(orphans).extracting(tools.jackson.databind.JsonNode::asString).filteredOn(v -> v.contains("does not exist")).hasSize(3);
    }

    @Test
    void aPointTypeChangeWithOneBadPartChangesNothing() {
        String admin = fixtures.adminToken(tenant);
        var before = http().get("/api/v1/point-types", admin).json().get(0);
        String pointTypeId = before.get("id").asString();

        var refused = http().patchJson("/api/v1/point-types/" + pointTypeId, admin,
                Map.of("transferDailyLimit", 123, "loanLimit", 45, "expiryPolicy", "ROLLING_MONTHS", "expiryMonths", 0));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("expiryMonths");
        var after = http().get("/api/v1/point-types/" + pointTypeId, admin).json();
        assertThat(after.get("transferDailyLimit")).isEqualTo(before.get("transferDailyLimit"));
        assertThat(after.get("loanLimit")).isEqualTo(before.get("loanLimit"));
        assertThat(after.get("expiryPolicy")).isEqualTo(before.get("expiryPolicy"));
    }
}
