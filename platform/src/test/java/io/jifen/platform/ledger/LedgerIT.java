package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.ledger.internal.EarnCommitter;
import io.jifen.platform.ledger.internal.EarnOutcome;
import io.jifen.platform.ledger.internal.EarnRequest;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RecordApplicationEvents
class LedgerIT extends IntegrationTest {

    private io.jifen.platform.support.Fixtures.TenantFixture tenant;
    private String token;
    private String member;

    @BeforeEach
    void member() {
        tenant = fixtures.tenant("ledger");
        token = fixtures.apiToken(tenant);
        member = http().postJson("/api/v1/members", token, Map.of("externalId", "m-1", "audience", "CONSUMER")).json().get("id").asString();
    }

    @Test
    void spendingTakesTheEarliestExpiringLotsFirst() {
        earn(30, Instant.now().plus(Duration.ofDays(10)));
        earn(50, null);
        earn(20, Instant.now().plus(Duration.ofDays(100)));

        var spend = spend(40, key());

        assertThat(spend.status()).as(spend.body()).isEqualTo(201);
        assertThat(spend.json().get("balanceAfter").asLong()).isEqualTo(60);
        assertThat(remainingByOriginal()).containsExactly(entry(30, 0), entry(20, 10), entry(50, 50));
        var balance = balance();
        assertThat(balance.get("available").asLong()).isEqualTo(60);
        assertThat(balance.get("expiringWithin30Days").asLong()).isZero();
    }

    @Test
    void refundRestoresTheLotsThatTheRedemptionConsumedWithTheirExpiry() {
        Instant soon = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        earn(30, soon);
        earn(50, null);
        String spendId = spend(40, key()).json().get("transactionId").asString();

        String refundKey = key();
        var refund = refund(spendId, null, refundKey);
        var replay = refund(spendId, null, refundKey);

        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        assertThat(refund.json().get("points").asLong()).isEqualTo(40);
        assertThat(replay.json()).as("a replayed refund answers the first receipt").isEqualTo(refund.json());
        assertThat(remainingByOriginal()).containsExactly(entry(30, 30), entry(50, 50));
        assertThat(lots().get(0).get("expiresAt").asString()).isEqualTo(soon.toString());
        var again = refund(spendId, null, key());
        assertThat(again.status()).as("a refund never returns points twice").isEqualTo(422);
        assertThat(balance().get("available").asLong()).isEqualTo(80);
    }

    @Test
    void partialRefundsGiveBackTheLatestExpiringLotsFirstAndNeverMoreThanWasSpent() {
        earn(30, Instant.now().plus(Duration.ofDays(10)));
        earn(20, Instant.now().plus(Duration.ofDays(100)));
        String spendId = spend(40, key()).json().get("transactionId").asString();

        // The spend took 30 from the first lot and 10 from the second; 15 back fills the later-expiring lot first.
        assertThat(refund(spendId, 15L, key()).status()).isEqualTo(201);
        assertThat(remainingByOriginal()).containsExactly(entry(30, 5), entry(20, 20));
        assertThat(refund(spendId, 25L, key()).status()).isEqualTo(201);
        assertThat(remainingByOriginal()).containsExactly(entry(30, 30), entry(20, 20));
        var tooMuch = refund(spendId, 1L, key());
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().get("type").asString()).isEqualTo("https://jifen.io/problems/refund-exceeds-spend");
    }

    @Test
    void aRefundAfterTheRestoredLotExpiredGivesBackPointsThatCannotBeSpent() {
        earn(10, Instant.now().plusSeconds(2));
        String spendId = spend(10, key()).json().get("transactionId").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> balance().get("available").asLong() == 0
                && Instant.now().isAfter(Instant.parse(lotsAll().get(0).get("expiresAt").asString())));

        assertThat(refund(spendId, null, key()).status()).isEqualTo(201);

        var balance = balance();
        assertThat(balance.get("available").asLong()).isZero();
        assertThat(balance.get("expired").asLong()).isEqualTo(10);
        assertThat(spend(1, key()).status()).isEqualTo(422);
    }

    @Test
    void theSameEarnReplayedTenTimesConcurrentlyPostsOnce() throws Exception {
        String key = key();
        List<Http.Response> responses = concurrently(10, () -> earnWithKey(25, key));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
        assertThat(responses.stream().map(r -> r.json().get("transactionId").asString()).distinct()).hasSize(1);
        assertThat(balance().get("available").asLong()).isEqualTo(25);
        assertThat(http().get("/api/v1/members/" + member + "/points/statement", token).json().get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void concurrentEarnsOfTwoTenantsShareBatchesYetEachFailsOrPostsAloneAndStaysInItsTenant() throws Exception {
        var other = fixtures.tenant("ledger-other");
        String otherToken = fixtures.apiToken(other);
        String otherMember = http().postJson("/api/v1/members", otherToken, Map.of("externalId", "o-1", "audience", "CONSUMER"))
                .json().get("id").asString();
        var counter = new java.util.concurrent.atomic.AtomicInteger();

        List<Http.Response> responses = concurrently(60, () -> switch (counter.getAndIncrement() % 4) {
            case 0 -> earnWithKey(5, key());
            case 1 -> http().send("POST", "/api/v1/members/" + otherMember + "/points/earn", otherToken, "application/json",
                    Http.json(Map.of("points", 7)), key());
            // The other tenant's member, asked for with this tenant's token: not found, and nothing else fails with it.
            case 2 -> http().send("POST", "/api/v1/members/" + otherMember + "/points/earn", token, "application/json",
                    Http.json(Map.of("points", 1000)), key());
            default -> http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json",
                    Http.json(Map.of("points", 1000, "pointType", "no-such-type")), key());
        });

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(30);
        assertThat(responses.stream().filter(r -> r.status() == 404)).hasSize(15);
        assertThat(responses.stream().filter(r -> r.status() == 400)).hasSize(15);
        assertThat(balance().get("available").asLong()).isEqualTo(15 * 5);
        assertThat(http().get("/api/v1/members/" + otherMember + "/points/balance", otherToken).json().get("available").asLong())
                .isEqualTo(15 * 7);
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(other)).json().get("violations")).isEmpty();
    }

    @Autowired
    EarnCommitter committer;

    @Test
    void oneBatchOfTwoTenantsAnswersEachEarnAsItWouldAlone() throws Exception {
        UUID a = tenant.id();
        UUID aMember = UUID.fromString(member);
        UUID aNewcomer = UUID.fromString(http().postJson("/api/v1/members", token, Map.of("externalId", "m-new", "audience", "CONSUMER"))
                .json().get("id").asString());
        var other = fixtures.tenant("ledger-batch");
        String otherToken = fixtures.apiToken(other);
        UUID bMember = UUID.fromString(http().postJson("/api/v1/members", otherToken, Map.of("externalId", "b-1", "audience", "CONSUMER"))
                .json().get("id").asString());
        String posted = key();
        String firstReceipt = earnWithKey(25, posted).json().get("transactionId").asString();
        String postedInB = key();
        String firstReceiptInB = http().send("POST", "/api/v1/members/" + bMember + "/points/earn", otherToken, "application/json",
                Http.json(Map.of("points", 3)), postedInB).json().get("transactionId").asString();
        String twin = key();

        List<EarnRequest> batch = List.of(
                request(a, key(), new Ledger.Earn(aNewcomer, "points", 10, null, null, null, null)),  // the member's first wallet
                request(a, posted, new Ledger.Earn(aMember, "points", 25, "order", "订单积分", null, null)),  // a replay
                request(a, posted, new Ledger.Earn(aMember, "points", 26, "order", "订单积分", null, null)),  // the key, another body
                request(a, twin, new Ledger.Earn(aMember, "points", 5, null, null, null, null)),
                request(a, twin, new Ledger.Earn(aMember, "points", 5, null, null, null, null)),      // the same key twice in the batch
                request(other.id(), key(), new Ledger.Earn(bMember, "points", 7, null, null, null, null)),
                request(other.id(), key(), new Ledger.Earn(bMember, "no-such-type", 7, null, null, null, null)),
                request(a, key(), new Ledger.Earn(bMember, "points", 9, null, null, null, null)),      // the other tenant's member
                // Replays in both tenants: whichever comes first in the batch is answered after the other's reads.
                request(other.id(), postedInB, new Ledger.Earn(bMember, "points", 3, null, null, null, null)));
        List<EarnOutcome> outcomes = committer.commit(batch);

        assertThat(posted(outcomes.get(0)).balanceAfter()).isEqualTo(10);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(EarnOutcome.Replayed.class,
                replay -> assertThat(replay.receipt().transactionId()).hasToString(firstReceipt));
        assertThat(problemKind(outcomes.get(2))).isEqualTo(ProblemKind.CONFLICT);
        assertThat(posted(outcomes.get(3)).balanceAfter()).isEqualTo(30);
        assertThat(outcomes.get(4)).as("the twin answers the first receipt").isEqualTo(new EarnOutcome.Replayed(posted(outcomes.get(3))));
        assertThat(posted(outcomes.get(5)).balanceAfter()).isEqualTo(10);
        assertThat(problemKind(outcomes.get(6))).isEqualTo(ProblemKind.INVALID);
        assertThat(problemKind(outcomes.get(7))).isEqualTo(ProblemKind.NOT_FOUND);
        assertThat(outcomes.get(8)).isInstanceOfSatisfying(EarnOutcome.Replayed.class,
                replay -> assertThat(replay.receipt().transactionId()).hasToString(firstReceiptInB));

        assertThat(balance().get("available").asLong()).isEqualTo(30);
        assertThat(http().get("/api/v1/members/" + aNewcomer + "/points/balance", token).json().get("available").asLong()).isEqualTo(10);
        assertThat(http().get("/api/v1/members/" + bMember + "/points/balance", otherToken).json().get("available").asLong()).isEqualTo(10);
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(other)).json().get("violations")).isEmpty();
    }

    private static Receipt posted(EarnOutcome outcome) {
        assertThat(outcome).isInstanceOf(EarnOutcome.Posted.class);
        return ((EarnOutcome.Posted) outcome).receipt();
    }

    private static ProblemKind problemKind(EarnOutcome outcome) {
        assertThat(outcome).isInstanceOf(EarnOutcome.Refused.class);
        return ((EarnOutcome.Refused) outcome).problem().kind();
    }

    private static EarnRequest request(UUID tenant, String key, Ledger.Earn earn) {
        return new EarnRequest(tenant, key, earn.hash(), earn);
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflict() {
        String key = key();
        assertThat(earnWithKey(25, key).status()).isEqualTo(201);
        var other = earnWithKey(26, key);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("type").asString()).isEqualTo("https://jifen.io/problems/idempotency-key-reused");
        assertThat(balance().get("available").asLong()).isEqualTo(25);
    }

    @Test
    void fiftyConcurrentSpendsAgainstABalanceOfTenLetExactlyTenThrough() throws Exception {
        earn(10, null);

        List<Http.Response> responses = concurrently(50, () -> spend(1, key()));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(10);
        assertThat(responses.stream().filter(r -> r.status() == 422)).hasSize(40)
                .allSatisfy(r -> assertThat(r.json().get("type").asString()).isEqualTo("https://jifen.io/problems/insufficient-points"));
        assertThat(balance().get("available").asLong()).isZero();
        assertThat(balance().get("ledgerBalance").asLong()).isZero();
    }

    @Test
    void badPostingsAreRejectedAndPostNothing() {
        assertThat(http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json", "{\"points\": 5}").status())
                .as("no idempotency key").isEqualTo(400);
        for (String body : List.of("{\"points\": 0}", "{\"points\": -5}", "{\"points\": 1000000000000}", "{\"points\": 99999999999999999999999}",
                "{\"points\": 5, \"pointType\": \"nope\"}", "{\"points\": 5, \"bonus\": 1}", "{}")) {
            var response = http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json", body, key());
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.json().get("errors")).as(body).isNotNull();
        }
        var unknownMember = http().send("POST", "/api/v1/members/" + UUID.randomUUID() + "/points/earn", token, "application/json",
                "{\"points\": 5}", key());
        assertThat(unknownMember.status()).isEqualTo(404);
        http().patchJson("/api/v1/members/" + member, token, Map.of("status", "FROZEN"));
        assertThat(earn(5, null).status()).as("a frozen member cannot earn").isEqualTo(422);
        assertThat(http().get("/api/v1/members/" + member + "/points/statement", token).json().get("totalItems").asLong()).isZero();
    }

    @Test
    void theStatementListsEveryPostingNewestFirstWithTheBalanceAfterIt() {
        earn(100, null);
        String spendId = spend(30, key()).json().get("transactionId").asString();
        refund(spendId, 10L, key());

        var lines = http().get("/api/v1/members/" + member + "/points/statement", token).json().get("items");

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("kind").asString()).isEqualTo("REFUND");
        assertThat(lines.get(0).get("reverses").asString()).isEqualTo(spendId);
        assertThat(lines.get(0).get("balanceAfter").asLong()).isEqualTo(80);
        assertThat(lines.get(1).get("balanceAfter").asLong()).isEqualTo(70);
        assertThat(lines.get(2).get("balanceAfter").asLong()).isEqualTo(100);
    }

    @Test
    void anAdminAdjustsWithAReasonAndTheActorIsRecorded() {
        String admin = fixtures.adminToken(tenant);
        earn(10, null);

        var credit = adjust(admin, 25, "客服补偿: order 1001");
        var debit = adjust(admin, -30, "duplicate credit");
        var tooMuch = adjust(admin, -6, "more than there is");
        var noReason = http().send("POST", "/api/v1/members/" + member + "/points/adjustments", admin, "application/json",
                "{\"points\": 5}", key());
        var byBackEnd = adjust(token, 5, "a back end may not adjust");

        assertThat(credit.status()).as(credit.body()).isEqualTo(201);
        assertThat(credit.json().get("kind").asString()).isEqualTo("ADJUST");
        assertThat(debit.status()).isEqualTo(201);
        assertThat(debit.json().get("balanceAfter").asLong()).isEqualTo(5);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(byBackEnd.status()).isEqualTo(403);
        assertThat(balance().get("available").asLong()).isEqualTo(5);
    }

    @Autowired
    LedgerJobs jobs;
    @Autowired
    ApplicationEvents events;

    @Test
    void reconciliationFindsTheLedgerBalancedAndReportsATamperedWallet() throws Exception {
        String admin = fixtures.adminToken(tenant);
        earn(40, null);
        String spendId = spend(15, key()).json().get("transactionId").asString();
        refund(spendId, 5L, key());

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
        earn(40, null);
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
    void aHoldReservesPointsAndIsCapturedOrReleasedOnce() {
        Instant soon = Instant.now().plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        earn(30, soon);
        earn(50, null);

        var hold = hold(40, null);
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        var held = balance();
        assertThat(held.get("available").asLong()).isEqualTo(40);
        assertThat(held.get("held").asLong()).isEqualTo(40);
        assertThat(spend(41, key()).status()).as("held points cannot be spent").isEqualTo(422);

        String holdId = hold.json().get("transactionId").asString();
        var release = settle(holdId, "release", key());
        assertThat(release.status()).as(release.body()).isEqualTo(201);
        assertThat(remainingByOriginal()).as("released back into the same lots").containsExactly(entry(30, 30), entry(50, 50));
        assertThat(lots().get(0).get("expiresAt").asString()).isEqualTo(soon.toString());
        assertThat(settle(holdId, "capture", key()).status()).as("a released hold cannot be captured").isEqualTo(409);

        String second = hold(35, null).json().get("transactionId").asString();
        String captureKey = key();
        var capture = settle(second, "capture", captureKey);
        assertThat(capture.status()).isEqualTo(201);
        assertThat(settle(second, "capture", captureKey).json()).as("replayed capture").isEqualTo(capture.json());
        assertThat(settle(second, "release", key()).status()).as("a captured hold cannot be released").isEqualTo(409);
        assertThat(balance().get("held").asLong()).isZero();
        assertThat(balance().get("available").asLong()).isEqualTo(45);

        var refund = refund(second, null, key());
        assertThat(refund.status()).as("a captured hold is refundable like a spend: " + refund.body()).isEqualTo(201);
        assertThat(balance().get("available").asLong()).isEqualTo(80);
    }

    @Test
    void aHoldNobodySettlesIsReleasedWhenItTimesOut() {
        earn(20, null);
        hold(15, 10);

        int released = io.jifen.platform.tenancy.TenantContext.callAs(tenant.id(),
                () -> ledger.releaseTimedOutHolds(Instant.now().plusSeconds(11)));

        assertThat(released).isEqualTo(1);
        assertThat(balance().get("available").asLong()).isEqualTo(20);
        assertThat(balance().get("held").asLong()).isZero();
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
    }

    @Test
    void transfersMoveLotsWithTheirExpiryWithinTheDailyLimit() {
        String admin = fixtures.adminToken(tenant);
        String receiver = http().postJson("/api/v1/members", token, Map.of("externalId", "m-2", "audience", "CONSUMER")).json().get("id").asString();
        Instant soon = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        earn(60, soon);
        earn(100, null);
        assertThat(transfer(receiver, 10).status()).as("transfers are off until the tenant sets a limit").isEqualTo(422);
        String pointTypeId = http().get("/api/v1/point-types", admin).json().get(0).get("id").asString();
        assertThat(http().patchJson("/api/v1/point-types/" + pointTypeId, admin, Map.of("transferDailyLimit", 100)).status()).isEqualTo(200);

        var sent = transfer(receiver, 80);

        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(sent.json().get("balanceAfter").asLong()).isEqualTo(80);
        var receivedLots = http().get("/api/v1/members/" + receiver + "/points/lots", token).json();
        assertThat(receivedLots).hasSize(2);
        assertThat(receivedLots.get(0).get("remaining").asLong()).isEqualTo(60);
        assertThat(receivedLots.get(0).get("expiresAt").asString()).as("a transfer keeps the points' expiry").isEqualTo(soon.toString());
        assertThat(receivedLots.get(1).get("remaining").asLong()).isEqualTo(20);
        assertThat(receivedLots.get(1).get("expiresAt").isNull()).isTrue();
        var overLimit = transfer(receiver, 30);
        assertThat(overLimit.status()).isEqualTo(422);
        assertThat(overLimit.json().get("type").asString()).isEqualTo("https://jifen.io/problems/transfer-limit");
        assertThat(transfer(receiver, 20).status()).isEqualTo(201);
        assertThat(transfer(member, 1).status()).as("to oneself").isEqualTo(400);

        var line = http().get("/api/v1/members/" + receiver + "/points/statement", token).json().get("items").get(0);
        assertThat(line.get("kind").asString()).isEqualTo("TRANSFER_IN");
        assertThat(line.get("counterparty").asString()).isEqualTo(member);
        assertThat(line.get("balanceAfter").asLong()).isEqualTo(100);
        assertThat(balance().get("available").asLong()).isEqualTo(60);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void aMemberMayBorrowUpToTheLoanLimitAndLaterCreditsRepayTheLoanFirst() {
        String admin = fixtures.adminToken(tenant);
        changePointType(admin, Map.of("loanLimit", 50));
        earn(30, null);

        assertThat(spend(70, key()).status()).isEqualTo(201);
        var borrowed = balance();
        assertThat(borrowed.get("available").asLong()).isZero();
        assertThat(borrowed.get("owed").asLong()).isEqualTo(40);
        assertThat(borrowed.get("ledgerBalance").asLong()).isEqualTo(-40);
        assertThat(spend(11, key()).status()).as("beyond the loan limit").isEqualTo(422);
        assertThat(spend(10, key()).status()).isEqualTo(201);

        earn(60, null);

        var repaid = balance();
        assertThat(repaid.get("owed").asLong()).isZero();
        assertThat(repaid.get("available").asLong()).isEqualTo(10);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void refundingASpendThatBorrowedRestoresTheLotsAndCancelsTheLoan() {
        String admin = fixtures.adminToken(tenant);
        changePointType(admin, Map.of("loanLimit", 100));
        earn(30, null);
        String spendId = spend(70, key()).json().get("transactionId").asString();

        assertThat(refund(spendId, null, key()).status()).isEqualTo(201);

        assertThat(balance().get("owed").asLong()).isZero();
        assertThat(balance().get("available").asLong()).isEqualTo(30);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void aClawbackOfSpentPointsFollowsThePolicyOtherLotsNegativeOrWaive() {
        String admin = fixtures.adminToken(tenant);
        String order = earn(100, null).json().get("transactionId").asString();
        earn(50, null);
        spend(120, key());

        var otherLots = clawback(order, 60);
        assertThat(otherLots.status()).as(otherLots.body()).isEqualTo(201);
        assertThat(otherLots.json().get("reason").asString()).contains("30 waived");
        assertThat(balance().get("available").asLong()).isZero();
        assertThat(clawback(order, 41).status()).as("never more than the earn gave").isEqualTo(422);

        changePointType(admin, Map.of("clawbackPolicy", "NEGATIVE"));
        String second = earn(100, null).json().get("transactionId").asString();
        spend(80, key());
        assertThat(clawback(second, 100).status()).isEqualTo(201);
        assertThat(balance().get("owed").asLong()).isEqualTo(80);
        assertThat(balance().get("ledgerBalance").asLong()).isEqualTo(-80);
        earn(100, null);
        assertThat(balance().get("available").asLong()).as("the next credit repays what is owed first").isEqualTo(20);

        changePointType(admin, Map.of("clawbackPolicy", "WAIVE"));
        String third = earn(30, null).json().get("transactionId").asString();
        spend(50, key());
        var waived = clawback(third, 30);
        assertThat(waived.json().get("reason").asString()).contains("30 waived");
        assertThat(balance().get("ledgerBalance").asLong()).isZero();
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void pointsEarnedDuringTheReturnWindowArePendingAndCanBeClawedBackButNotSpent() {
        String admin = fixtures.adminToken(tenant);
        changePointType(admin, Map.of("pendingDays", 7));

        String order = earn(100, null).json().get("transactionId").asString();

        var pending = balance();
        assertThat(pending.get("pending").asLong()).isEqualTo(100);
        assertThat(pending.get("available").asLong()).isZero();
        assertThat(lots().get(0).get("availableAt").asString()).isNotBlank();
        assertThat(spend(1, key()).status()).isEqualTo(422);
        assertThat(clawback(order, 40).status()).as("an order returned in the window takes back its pending points").isEqualTo(201);
        assertThat(balance().get("pending").asLong()).isEqualTo(60);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
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

    private void changePointType(String admin, Map<String, Object> change) {
        String pointTypeId = http().get("/api/v1/point-types", admin).json().get(0).get("id").asString();
        assertThat(http().patchJson("/api/v1/point-types/" + pointTypeId, admin, change).status()).isEqualTo(200);
    }

    private Http.Response clawback(String earnId, long points) {
        return http().send("POST", "/api/v1/points/transactions/" + earnId + "/clawback", token, "application/json",
                Http.json(Map.of("points", points, "reason", "订单退款")), key());
    }

    private Http.Response transfer(String to, long points) {
        return http().send("POST", "/api/v1/members/" + member + "/points/transfers", token, "application/json",
                Http.json(Map.of("toMemberId", to, "points", points)), key());
    }

    @org.springframework.beans.factory.annotation.Autowired
    Ledger ledger;

    private Http.Response hold(long points, Integer ttlSeconds) {
        var body = new HashMap<String, Object>(Map.of("points", points));
        if (ttlSeconds != null) {
            body.put("ttlSeconds", ttlSeconds);
        }
        return http().send("POST", "/api/v1/members/" + member + "/points/holds", token, "application/json", Http.json(body), key());
    }

    private Http.Response settle(String holdId, String how, String key) {
        return http().send("POST", "/api/v1/points/holds/" + holdId + "/" + how, token, "application/json", null, key);
    }

    private Http.Response adjust(String as, long points, String reason) {
        return http().send("POST", "/api/v1/members/" + member + "/points/adjustments", as, "application/json",
                Http.json(Map.of("points", points, "reason", reason)), key());
    }

    private Http.Response earn(long points, Instant expiresAt) {
        return earnWithKey(points, key(), expiresAt);
    }

    private Http.Response earnWithKey(long points, String key) {
        return earnWithKey(points, key, null);
    }

    private Http.Response earnWithKey(long points, String key, Instant expiresAt) {
        var body = new HashMap<String, Object>(Map.of("points", points, "source", "order", "reason", "订单积分"));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json", Http.json(body), key);
    }

    private Http.Response spend(long points, String key) {
        return http().send("POST", "/api/v1/members/" + member + "/points/spend", token, "application/json",
                Http.json(Map.of("points", points, "source", "redemption")), key);
    }

    private Http.Response refund(String spendId, Long points, String key) {
        return http().send("POST", "/api/v1/points/transactions/" + spendId + "/refund", token, "application/json",
                points == null ? "{}" : Http.json(Map.of("points", points)), key);
    }

    private JsonNode balance() {
        return http().get("/api/v1/members/" + member + "/points/balance", token).json();
    }

    private JsonNode lots() {
        return http().get("/api/v1/members/" + member + "/points/lots", token).json();
    }

    private JsonNode lotsAll() {
        return http().get("/api/v1/members/" + member + "/points/lots?openOnly=false", token).json();
    }

    /** (original, remaining) of every lot, in spending order. */
    private List<Map.Entry<Long, Long>> remainingByOriginal() {
        List<Map.Entry<Long, Long>> out = new ArrayList<>();
        lotsAll().forEach(lot -> out.add(entry(lot.get("original").asLong(), lot.get("remaining").asLong())));
        return out;
    }

    private static Map.Entry<Long, Long> entry(long original, long remaining) {
        return Map.entry(original, remaining);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static List<Http.Response> concurrently(int n, Callable<Http.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<Http.Response> responses = new ArrayList<>();
            for (var future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }
}
