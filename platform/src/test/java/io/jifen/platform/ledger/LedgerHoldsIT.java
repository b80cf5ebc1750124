package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.problem.DomainException;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static io.jifen.platform.ledger.MemberPoints.assertIdempotent;
import static io.jifen.platform.ledger.MemberPoints.entry;
import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Holds: reserved, then captured or released once, or released when they time out. */
class LedgerHoldsIT extends IntegrationTest {

    private Fixtures.TenantFixture tenant;
    private MemberPoints wallet;

    @BeforeEach
    void member() {
        tenant = fixtures.tenant("ledger");
        wallet = MemberPoints.register(http(), fixtures.apiToken(tenant), "m-1");
    }

    @Autowired
    Ledger ledger;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aHoldReservesPointsAndIsCapturedOrReleasedOnce() {
        Instant soon = Instant.now().plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        wallet.earn(30, soon);
        wallet.earn(50, null);

        var hold = wallet.hold(40, null);
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        var held = wallet.balance();
        assertThat(held.get("available").asLong()).isEqualTo(40);
        assertThat(held.get("held").asLong()).isEqualTo(40);
        assertThat(wallet.spend(41, key()).status()).as("held points cannot be spent").isEqualTo(422);

        String holdId = hold.json().get("transactionId").asString();
        var release = wallet.settle(holdId, "release", key());
        assertThat(release.status()).as(release.body()).isEqualTo(201);
        assertThat(wallet.remainingByOriginal()).as("released back into the same lots").containsExactly(entry(30, 30), entry(50, 50));
        assertThat(wallet.lots().get(0).get("expiresAt").asString()).isEqualTo(soon.toString());
        assertThat(wallet.settle(holdId, "capture", key()).status()).as("a released hold cannot be captured").isEqualTo(409);

        String second = wallet.hold(35, null).json().get("transactionId").asString();
        String captureKey = key();
        var capture = wallet.settle(second, "capture", captureKey);
        assertThat(capture.status()).isEqualTo(201);
        assertThat(wallet.settle(second, "capture", captureKey).json()).as("replayed capture").isEqualTo(capture.json());
        assertThat(wallet.settle(second, "release", key()).status()).as("a captured hold cannot be released").isEqualTo(409);
        assertThat(wallet.balance().get("held").asLong()).isZero();
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(45);

        var refund = wallet.refund(second, null, key());
        assertThat(refund.status()).as("a captured hold is refundable like a spend: " + refund.body()).isEqualTo(201);
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(80);
    }

    @Test
    void aHoldLockedAheadTakesWhatWasReadAheadAndKeepsOthersOutUntilItsCommit() throws Exception {
        wallet.earn(30, null);
        wallet.earn(50, null);
        UUID member = UUID.fromString(wallet.member());
        var transactions = new TransactionTemplate(transactionManager);
        Ledger.Hold hold = new Ledger.Hold(member, PointTypeCatalog.DEFAULT_CODE, 40, Duration.ofMinutes(5), "redemption", "ahead", null);
        var other = new CompletableFuture<Integer>();
        Receipt held = TenantContext.callAs(tenant.id(), () -> transactions.execute(status -> {
            SqlPipeline ahead = new SqlPipeline();
            ledger.lockAheadOfHold(ahead, member, "ahead:hold");
            ahead.run(jdbc);
            // Another hold of the member's waits for the wallet's lock, taken ahead, not for this hold's.
            Thread.ofVirtual().start(() -> other.complete(wallet.hold(60, null).status()));
            assertThat(other).as("the other hold waits").failsWithin(Duration.ofMillis(500));
            return ledger.holdCaptured("ahead:hold", "ahead:capture", hold);
        }));
        assertThat(held.balanceAfter()).isEqualTo(40);
        assertThat(other.get(10, TimeUnit.SECONDS)).as("40 of the 80 points left after the commit: 60 are too many").isEqualTo(422);
        assertThat(wallet.remainingByOriginal()).as("taken from the lots read ahead").containsExactly(entry(30, 0), entry(50, 40));

        // The same key again in a transaction that locks ahead: the same request is answered, another one is a 409.
        TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(status -> {
            SqlPipeline ahead = new SqlPipeline();
            ledger.lockAheadOfHold(ahead, member, "ahead:hold");
            ahead.run(jdbc);
            assertThat(ledger.holdCaptured("ahead:hold", "ahead:capture", hold).transactionId()).isEqualTo(held.transactionId());
        }));
        TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(status -> {
            SqlPipeline ahead = new SqlPipeline();
            ledger.lockAheadOfHold(ahead, member, "ahead:hold");
            ahead.run(jdbc);
            assertThatThrownBy(() -> ledger.holdCaptured("ahead:hold", "ahead:capture",
                    new Ledger.Hold(member, PointTypeCatalog.DEFAULT_CODE, 10, Duration.ofMinutes(5), "redemption", "ahead", null)))
                    .isInstanceOf(DomainException.class).hasMessageContaining("ahead:hold");
            status.setRollbackOnly();
        }));
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(40);
    }

    @Test
    void aHoldNobodySettlesIsReleasedWhenItTimesOut() {
        wallet.earn(20, null);
        wallet.hold(15, 10);

        int released = TenantContext.callAs(tenant.id(),
                () -> ledger.releaseTimedOutHolds(Instant.now().plusSeconds(11)));

        assertThat(released).isEqualTo(1);
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(20);
        assertThat(wallet.balance().get("held").asLong()).isZero();
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
    }

    @Test
    void replayedHoldsCapturesAndReleasesAnswerTheirFirstReceiptAndAnotherRequestUnderTheirKeyIsAConflict() {
        wallet.earn(100, null);
        String holdKey = key();
        assertIdempotent(wallet.hold(10, null, holdKey), wallet.hold(10, null, holdKey), wallet.hold(11, null, holdKey));
        String captured = wallet.hold(20, null).json().get("transactionId").asString();
        String released = wallet.hold(30, null).json().get("transactionId").asString();
        String other = wallet.hold(5, null).json().get("transactionId").asString();

        String captureKey = key();
        assertIdempotent(wallet.settle(captured, "capture", captureKey), wallet.settle(captured, "capture", captureKey),
                wallet.settle(other, "capture", captureKey));
        String releaseKey = key();
        assertIdempotent(wallet.settle(released, "release", releaseKey), wallet.settle(released, "release", releaseKey),
                wallet.settle(released, "capture", releaseKey));

        var balance = wallet.balance();
        assertThat(balance.get("held").asLong()).as("the first hold and the other one").isEqualTo(15);
        assertThat(balance.get("available").asLong()).isEqualTo(100 - 15 - 20);
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
    }

    @Test
    void aHoldCapturedAtOnceWritesWhatAHoldThenItsCaptureWrite() {
        Instant soon = Instant.now().plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        MemberPoints stepwise = MemberPoints.register(http(), fixtures.apiToken(tenant), "m-2");
        for (MemberPoints member : java.util.List.of(wallet, stepwise)) {
            member.earn(30, soon);
            member.earn(50, null);
        }
        String stepwiseHold = stepwise.hold(45, null).json().get("transactionId").asString();
        assertThat(stepwise.settle(stepwiseHold, "capture", key()).status()).isEqualTo(201);

        String holdKey = key();
        String captureKey = key();
        Ledger.Hold hold = new Ledger.Hold(java.util.UUID.fromString(wallet.member()), PointTypeCatalog.DEFAULT_CODE, 45, Duration.ofMinutes(30),
                "redemption", "R-1", null);
        Receipt receipt = TenantContext.callAs(tenant.id(), () -> ledger.holdCaptured(holdKey, captureKey, hold));
        Receipt replay = TenantContext.callAs(tenant.id(), () -> ledger.holdCaptured(holdKey, captureKey, hold));

        assertThat(replay).as("a replay answers the first receipt, read back as posted").isEqualTo(receipt);
        assertThat(receipt.kind()).isEqualTo("HOLD");
        assertThat(receipt.balanceAfter()).isEqualTo(35);
        var balance = (tools.jackson.databind.node.ObjectNode) wallet.balance();
        var stepwiseBalance = (tools.jackson.databind.node.ObjectNode) stepwise.balance();
        balance.remove("memberId");
        stepwiseBalance.remove("memberId");
        assertThat(balance).as("the same balance as a hold then its capture").isEqualTo(stepwiseBalance);
        assertThat(wallet.remainingByOriginal()).isEqualTo(stepwise.remainingByOriginal()).containsExactly(entry(30, 0), entry(50, 35));
        var statement = http().get("/api/v1/members/" + wallet.member() + "/points/statement", fixtures.apiToken(tenant)).json().get("items");
        assertThat(statement.get(0).get("kind").asString()).as("the capture listed after its hold (newest first)").isEqualTo("CAPTURE");
        assertThat(statement.get(1).get("kind").asString()).isEqualTo("HOLD");
        String holdId = receipt.transactionId().toString();
        var captureReplay = wallet.settle(holdId, "capture", captureKey);
        assertThat(captureReplay.status()).as("the capture's key replays the capture: " + captureReplay.body()).isEqualTo(201);
        assertThat(captureReplay.json().get("transactionId").asString()).isEqualTo(statement.get(0).get("transactionId").asString());
        assertThat(wallet.settle(holdId, "release", key()).status()).as("a captured hold cannot be released").isEqualTo(409);

        assertThat(wallet.refund(holdId, 40L, key()).status()).isEqualTo(201);
        assertThat(wallet.remainingByOriginal()).as("refunded into the lots it took, latest expiry first").containsExactly(entry(30, 25), entry(50, 50));
        assertThat(http().get("/api/v1/points/reconciliation", fixtures.adminToken(tenant)).json().get("violations")).isEmpty();
    }
}
