package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.member.Audience;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.NewMember;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Race;
import io.jifen.platform.tenancy.TenantContext;

import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postings that race for the same points, released at once by a start latch: nothing is applied twice, no race ends
 * in a deadlock or an error, the balances come out right and the ledger reconciles after each.
 */
class LedgerRacesIT extends IntegrationTest {

    private Fixtures.TenantFixture tenant;
    private String token;
    private String admin;
    private MemberPoints wallet;

    @Autowired
    Ledger ledger;
    @Autowired
    LedgerJobs jobs;
    @Autowired
    MemberDirectory members;

    @BeforeEach
    void member() {
        tenant = fixtures.tenant("races");
        token = fixtures.apiToken(tenant);
        admin = fixtures.adminToken(tenant);
        wallet = MemberPoints.register(http(), token, "m-1");
    }

    @Test
    void concurrentRefundsOfOneSpendNeverGiveBackMoreThanItTook() {
        wallet.earn(100, null);
        String spend = wallet.spend(40, key()).json().get("transactionId").asString();

        List<Http.Response> refunds = Race.run(10, () -> wallet.refund(spend, 10L, key()));

        assertThat(refunds).filteredOn(r -> r.status() == 201).hasSize(4);
        assertThat(refunds).filteredOn(r -> r.status() != 201).hasSize(6)
                .allSatisfy(r -> assertThat(r.json().get("type").asString()).isEqualTo("https://jifen.io/problems/refund-exceeds-spend"));
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(100);
        assertReconciled();
    }

    @Test
    void aCaptureAgainstAReleaseOfOneHoldSettlesItOnce() {
        wallet.earn(100, null);
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            holds.add(wallet.hold(10, null).json().get("transactionId").asString());
        }

        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (String hold : holds) {
            calls.add(() -> wallet.settle(hold, "capture", key()));
            calls.add(() -> wallet.settle(hold, "release", key()));
        }
        List<Http.Response> settled = Race.run(calls);

        long captured = 0;
        for (int i = 0; i < holds.size(); i++) {
            var capture = settled.get(2 * i);
            var release = settled.get(2 * i + 1);
            assertThat(List.of(capture.status(), release.status())).as("one of the two wins: " + capture.body() + " / " + release.body())
                    .containsExactlyInAnyOrder(201, 409);
            captured += capture.status() == 201 ? 10 : 0;
        }
        var balance = wallet.balance();
        assertThat(balance.get("held").asLong()).isZero();
        assertThat(balance.get("available").asLong()).isEqualTo(100 - captured);
        assertReconciled();
    }

    @Test
    void transfersBothWaysAtOnceNeitherDeadlockNorLosePoints() {
        wallet.changePointType(admin, Map.of("transferDailyLimit", 1_000));
        var other = MemberPoints.register(http(), token, "m-2");
        wallet.earn(100, null);
        other.earn(100, null);

        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> wallet.transfer(other.member(), 5));
            calls.add(() -> other.transfer(wallet.member(), 3));
        }
        List<Http.Response> transfers = Race.run(calls);

        assertThat(transfers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(100 - 50 + 30);
        assertThat(other.balance().get("available").asLong()).isEqualTo(100 + 50 - 30);
        assertReconciled();
    }

    @Test
    void spendsDuringAnExpiryRunTakeOnlyLiveLotsAndEveryDueLotExpiresOnce() {
        Instant past = Instant.now().minus(Duration.ofDays(1));
        List<UUID> spenders = TenantContext.callAs(tenant.id(), () -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                UUID member = members.create(new NewMember("x-" + i, Audience.CONSUMER, null, null, null, null, null, null)).id();
                ledger.earn(key(), new Ledger.Earn(member, "points", 10, "order", null, past, null));
                ledger.earn(key(), new Ledger.Earn(member, "points", 10, "order", null, null, null));
                ids.add(member);
            }
            return ids;
        });

        List<Callable<Object>> calls = new ArrayList<>();
        calls.add(() -> jobs.run(Instant.now()));
        for (UUID member : spenders) {
            calls.add(() -> TenantContext.callAs(tenant.id(), () -> {
                try {
                    return ledger.spend(key(), new Ledger.Spend(member, "points", 10, "redemption", null, null));
                } catch (DomainException refused) {
                    return refused;
                }
            }));
            calls.add(() -> TenantContext.callAs(tenant.id(), () -> {
                try {
                    return ledger.spend(key(), new Ledger.Spend(member, "points", 1, "redemption", null, null));
                } catch (DomainException refused) {
                    return refused;
                }
            }));
        }
        List<Object> results = Race.run(calls);

        assertThat(((LedgerJobs.Run) results.getFirst()).status()).isEqualTo("COMPLETED");
        assertThat(results.subList(1, results.size()).stream().filter(Receipt.class::isInstance))
                .as("each member had 10 live points: the 10 or the 1 went through, not both").hasSize(spenders.size());
        for (UUID member : spenders) {
            var lots = http().get("/api/v1/members/" + member + "/points/lots?openOnly=false", token).json().get("items");
            List<Long> expired = new ArrayList<>();
            List<Long> live = new ArrayList<>();
            lots.forEach(lot -> (lot.get("expiresAt").isNull() ? live : expired).add(lot.get("remaining").asLong()));
            assertThat(expired).as("the due lot was booked out by the run, not spent").containsExactly(0L);
            assertThat(live).hasSize(1).allSatisfy(remaining -> assertThat(remaining).isIn(0L, 9L));
        }
        assertReconciled();
    }

    private void assertReconciled() {
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }
}
