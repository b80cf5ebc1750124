package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.ledger.MemberPoints.assertIdempotent;
import static io.jifen.platform.ledger.MemberPoints.concurrently;
import static io.jifen.platform.ledger.MemberPoints.entry;
import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Spends: which lots they take, how concurrent ones serialise, how far a member may borrow. */
class LedgerSpendsIT extends IntegrationTest {

    private Fixtures.TenantFixture tenant;
    private MemberPoints wallet;
    private String member;

    @BeforeEach
    void member() {
        tenant = fixtures.tenant("ledger");
        wallet = MemberPoints.register(http(), fixtures.apiToken(tenant), "m-1");
        member = wallet.member();
    }

    @Test
    void spendingTakesTheEarliestExpiringLotsFirst() {
        wallet.earn(30, Instant.now().plus(Duration.ofDays(10)));
        wallet.earn(50, null);
        wallet.earn(20, Instant.now().plus(Duration.ofDays(100)));

        var spend = wallet.spend(40, key());

        assertThat(spend.status()).as(spend.body()).isEqualTo(201);
        assertThat(spend.json().get("balanceAfter").asLong()).isEqualTo(60);
        assertThat(wallet.remainingByOriginal()).containsExactly(entry(30, 0), entry(20, 10), entry(50, 50));
        var balance = wallet.balance();
        assertThat(balance.get("available").asLong()).isEqualTo(60);
        assertThat(balance.get("expiringWithin30Days").asLong()).isZero();
    }

    @Test
    void fiftyConcurrentSpendsAgainstABalanceOfTenLetExactlyTenThrough() throws Exception {
        wallet.earn(10, null);

        List<Http.Response> responses = concurrently(50, () -> wallet.spend(1, key()));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(10);
        assertThat(responses.stream().filter(r -> r.status() == 422)).hasSize(40)
                .allSatisfy(r -> assertThat(r.json().get("type").asString()).isEqualTo("https://jifen.io/problems/insufficient-points"));
        assertThat(wallet.balance().get("available").asLong()).isZero();
        assertThat(wallet.balance().get("ledgerBalance").asLong()).isZero();
    }

    @Test
    void aMemberMayBorrowUpToTheLoanLimitAndLaterCreditsRepayTheLoanFirst() {
        String admin = fixtures.adminToken(tenant);
        wallet.changePointType(admin, Map.of("loanLimit", 50));
        wallet.earn(30, null);

        assertThat(wallet.spend(70, key()).status()).isEqualTo(201);
        var borrowed = wallet.balance();
        assertThat(borrowed.get("available").asLong()).isZero();
        assertThat(borrowed.get("owed").asLong()).isEqualTo(40);
        assertThat(borrowed.get("ledgerBalance").asLong()).isEqualTo(-40);
        assertThat(wallet.spend(11, key()).status()).as("beyond the loan limit").isEqualTo(422);
        assertThat(wallet.spend(10, key()).status()).isEqualTo(201);

        wallet.earn(60, null);

        var repaid = wallet.balance();
        assertThat(repaid.get("owed").asLong()).isZero();
        assertThat(repaid.get("available").asLong()).isEqualTo(10);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void aReplayedSpendAnswersItsFirstReceiptAndAnotherSpendUnderItsKeyIsAConflict() {
        wallet.earn(50, null);
        String key = key();

        assertIdempotent(wallet.spend(10, key), wallet.spend(10, key), wallet.spend(11, key));

        assertThat(wallet.balance().get("available").asLong()).isEqualTo(40);
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
    }
}
