package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.ledger.MemberPoints.assertIdempotent;
import static io.jifen.platform.ledger.MemberPoints.entry;
import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Refunds of spends and clawbacks of earns: what they give back or take, and never more than the original. */
class LedgerReversalsIT extends IntegrationTest {

    private Fixtures.TenantFixture tenant;
    private MemberPoints wallet;

    @BeforeEach
    void member() {
        tenant = fixtures.tenant("ledger");
        wallet = MemberPoints.register(http(), fixtures.apiToken(tenant), "m-1");
    }

    @Test
    void refundRestoresTheLotsThatTheRedemptionConsumedWithTheirExpiry() {
        Instant soon = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        wallet.earn(30, soon);
        wallet.earn(50, null);
        String spendId = wallet.spend(40, key()).json().get("transactionId").asString();

        String refundKey = key();
        var refund = wallet.refund(spendId, null, refundKey);
        var replay = wallet.refund(spendId, null, refundKey);

        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        assertThat(refund.json().get("points").asLong()).isEqualTo(40);
        assertThat(replay.json()).as("a replayed refund answers the first receipt").isEqualTo(refund.json());
        assertThat(wallet.remainingByOriginal()).containsExactly(entry(30, 30), entry(50, 50));
        assertThat(wallet.lots().get(0).get("expiresAt").asString()).isEqualTo(soon.toString());
        var again = wallet.refund(spendId, null, key());
        assertThat(again.status()).as("a refund never returns points twice").isEqualTo(422);
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(80);
    }

    @Test
    void partialRefundsGiveBackTheLatestExpiringLotsFirstAndNeverMoreThanWasSpent() {
        wallet.earn(30, Instant.now().plus(Duration.ofDays(10)));
        wallet.earn(20, Instant.now().plus(Duration.ofDays(100)));
        String spendId = wallet.spend(40, key()).json().get("transactionId").asString();

        // The spend took 30 from the first lot and 10 from the second; 15 back fills the later-expiring lot first.
        assertThat(wallet.refund(spendId, 15L, key()).status()).isEqualTo(201);
        assertThat(wallet.remainingByOriginal()).containsExactly(entry(30, 5), entry(20, 20));
        assertThat(wallet.refund(spendId, 25L, key()).status()).isEqualTo(201);
        assertThat(wallet.remainingByOriginal()).containsExactly(entry(30, 30), entry(20, 20));
        var tooMuch = wallet.refund(spendId, 1L, key());
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().get("type").asString()).isEqualTo("https://jifen.io/problems/refund-exceeds-spend");
    }

    @Test
    void aRefundAfterTheRestoredLotExpiredGivesBackPointsThatCannotBeSpent() {
        wallet.earn(10, Instant.now().plusSeconds(2));
        String spendId = wallet.spend(10, key()).json().get("transactionId").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> wallet.balance().get("available").asLong() == 0
                && Instant.now().isAfter(Instant.parse(wallet.lotsAll().get(0).get("expiresAt").asString())));

        assertThat(wallet.refund(spendId, null, key()).status()).isEqualTo(201);

        var balance = wallet.balance();
        assertThat(balance.get("available").asLong()).isZero();
        assertThat(balance.get("expired").asLong()).isEqualTo(10);
        assertThat(wallet.spend(1, key()).status()).isEqualTo(422);
    }

    @Test
    void refundingASpendThatBorrowedRestoresTheLotsAndCancelsTheLoan() {
        String admin = fixtures.adminToken(tenant);
        wallet.changePointType(admin, Map.of("loanLimit", 100));
        wallet.earn(30, null);
        String spendId = wallet.spend(70, key()).json().get("transactionId").asString();

        assertThat(wallet.refund(spendId, null, key()).status()).isEqualTo(201);

        assertThat(wallet.balance().get("owed").asLong()).isZero();
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(30);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void aClawbackOfSpentPointsFollowsThePolicyOtherLotsNegativeOrWaive() {
        String admin = fixtures.adminToken(tenant);
        String order = wallet.earn(100, null).json().get("transactionId").asString();
        wallet.earn(50, null);
        wallet.spend(120, key());

        var otherLots = wallet.clawback(order, 60);
        assertThat(otherLots.status()).as(otherLots.body()).isEqualTo(201);
        assertThat(otherLots.json().get("reason").asString()).contains("30 waived");
        assertThat(wallet.balance().get("available").asLong()).isZero();
        assertThat(wallet.clawback(order, 41).status()).as("never more than the earn gave").isEqualTo(422);

        wallet.changePointType(admin, Map.of("clawbackPolicy", "NEGATIVE"));
        String second = wallet.earn(100, null).json().get("transactionId").asString();
        wallet.spend(80, key());
        assertThat(wallet.clawback(second, 100).status()).isEqualTo(201);
        assertThat(wallet.balance().get("owed").asLong()).isEqualTo(80);
        assertThat(wallet.balance().get("ledgerBalance").asLong()).isEqualTo(-80);
        wallet.earn(100, null);
        assertThat(wallet.balance().get("available").asLong()).as("the next credit repays what is owed first").isEqualTo(20);

        wallet.changePointType(admin, Map.of("clawbackPolicy", "WAIVE"));
        String third = wallet.earn(30, null).json().get("transactionId").asString();
        wallet.spend(50, key());
        var waived = wallet.clawback(third, 30);
        assertThat(waived.json().get("reason").asString()).contains("30 waived");
        assertThat(wallet.balance().get("ledgerBalance").asLong()).isZero();
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void replayedRefundsAndClawbacksAnswerTheirFirstReceiptAndAnotherAmountUnderTheirKeyIsAConflict() {
        String earn = wallet.earn(100, null).json().get("transactionId").asString();
        String spend = wallet.spend(40, key()).json().get("transactionId").asString();

        String refundKey = key();
        assertIdempotent(wallet.refund(spend, 10L, refundKey), wallet.refund(spend, 10L, refundKey), wallet.refund(spend, 11L, refundKey));
        String clawbackKey = key();
        assertIdempotent(wallet.clawback(earn, 5, clawbackKey), wallet.clawback(earn, 5, clawbackKey), wallet.clawback(earn, 6, clawbackKey));

        assertThat(wallet.balance().get("available").asLong()).isEqualTo(100 - 40 + 10 - 5);
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
    }
}
