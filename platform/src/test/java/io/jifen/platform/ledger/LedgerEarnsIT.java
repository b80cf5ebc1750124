package io.jifen.platform.ledger;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.ledger.internal.EarnCommitter;
import io.jifen.platform.ledger.internal.EarnOutcome;
import io.jifen.platform.ledger.internal.EarnRequest;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.ledger.MemberPoints.concurrently;
import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Earns: group-committed with concurrent ones (in batches that may span tenants), replayed, refused, pending. */
class LedgerEarnsIT extends IntegrationTest {

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
    EarnCommitter committer;

    @Test
    void theSameEarnReplayedTenTimesConcurrentlyPostsOnce() throws Exception {
        String key = key();
        List<Http.Response> responses = concurrently(10, () -> wallet.earnWithKey(25, key));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
        assertThat(responses.stream().map(r -> r.json().get("transactionId").asString()).distinct()).hasSize(1);
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(25);
        assertThat(http().get("/api/v1/members/" + member + "/points/statement", token).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void concurrentEarnsOfTwoTenantsShareBatchesYetEachFailsOrPostsAloneAndStaysInItsTenant() throws Exception {
        var other = fixtures.tenant("ledger-other");
        String otherToken = fixtures.apiToken(other);
        String otherMember = http().postJson("/api/v1/members", otherToken, Map.of("externalId", "o-1", "audience", "CONSUMER"))
                .json().get("id").asString();
        var counter = new java.util.concurrent.atomic.AtomicInteger();

        List<Http.Response> responses = concurrently(60, () -> switch (counter.getAndIncrement() % 4) {
            case 0 -> wallet.earnWithKey(5, key());
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
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(15 * 5);
        assertThat(http().get("/api/v1/members/" + otherMember + "/points/balance", otherToken).json().get("available").asLong())
                .isEqualTo(15 * 7);
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(other)).json().get("violations")).isEmpty();
    }

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
        String firstReceipt = wallet.earnWithKey(25, posted).json().get("transactionId").asString();
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

        assertThat(wallet.balance().get("available").asLong()).isEqualTo(30);
        assertThat(http().get("/api/v1/members/" + aNewcomer + "/points/balance", token).json().get("available").asLong()).isEqualTo(10);
        assertThat(http().get("/api/v1/members/" + bMember + "/points/balance", otherToken).json().get("available").asLong()).isEqualTo(10);
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(other)).json().get("violations")).isEmpty();
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflict() {
        String key = key();
        assertThat(wallet.earnWithKey(25, key).status()).isEqualTo(201);
        var other = wallet.earnWithKey(26, key);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("type").asString()).isEqualTo("https://jifen.io/problems/idempotency-key-reused");
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(25);
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
        assertThat(wallet.earn(5, null).status()).as("a frozen member cannot earn").isEqualTo(422);
        assertThat(http().get("/api/v1/members/" + member + "/points/statement", token).json().get("items").size()).isZero();
    }

    @Test
    void pointsEarnedDuringTheReturnWindowArePendingAndCanBeClawedBackButNotSpent() {
        String admin = fixtures.adminToken(tenant);
        wallet.changePointType(admin, Map.of("pendingDays", 7));

        String order = wallet.earn(100, null).json().get("transactionId").asString();

        var pending = wallet.balance();
        assertThat(pending.get("pending").asLong()).isEqualTo(100);
        assertThat(pending.get("available").asLong()).isZero();
        assertThat(wallet.lots().get(0).get("availableAt").asString()).isNotBlank();
        assertThat(wallet.spend(1, key()).status()).isEqualTo(422);
        assertThat(wallet.clawback(order, 40).status()).as("an order returned in the window takes back its pending points").isEqualTo(201);
        assertThat(wallet.balance().get("pending").asLong()).isEqualTo(60);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
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
}
