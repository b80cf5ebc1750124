package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.ledger.MemberPoints.assertIdempotent;
import static io.jifen.platform.ledger.MemberPoints.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Transfers between members, and administrators' adjustments. */
class LedgerTransfersAndAdjustmentsIT extends IntegrationTest {

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

    @Test
    void transfersMoveLotsWithTheirExpiryWithinTheDailyLimit() {
        String admin = fixtures.adminToken(tenant);
        String receiver = http().postJson("/api/v1/members", token, Map.of("externalId", "m-2", "audience", "CONSUMER")).json().get("id").asString();
        Instant soon = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        wallet.earn(60, soon);
        wallet.earn(100, null);
        assertThat(wallet.transfer(receiver, 10).status()).as("transfers are off until the tenant sets a limit").isEqualTo(422);
        String pointTypeId = http().get("/api/v1/point-types", admin).json().get(0).get("id").asString();
        assertThat(http().patchJson("/api/v1/point-types/" + pointTypeId, admin, Map.of("transferDailyLimit", 100)).status()).isEqualTo(200);

        var sent = wallet.transfer(receiver, 80);

        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(sent.json().get("balanceAfter").asLong()).isEqualTo(80);
        var receivedLots = http().get("/api/v1/members/" + receiver + "/points/lots", token).json().get("items");
        assertThat(receivedLots).hasSize(2);
        assertThat(receivedLots.get(0).get("remaining").asLong()).isEqualTo(60);
        assertThat(receivedLots.get(0).get("expiresAt").asString()).as("a transfer keeps the points' expiry").isEqualTo(soon.toString());
        assertThat(receivedLots.get(1).get("remaining").asLong()).isEqualTo(20);
        assertThat(receivedLots.get(1).get("expiresAt").isNull()).isTrue();
        var overLimit = wallet.transfer(receiver, 30);
        assertThat(overLimit.status()).isEqualTo(422);
        assertThat(overLimit.json().get("type").asString()).isEqualTo("https://jifen.io/problems/transfer-limit");
        assertThat(wallet.transfer(receiver, 20).status()).isEqualTo(201);
        assertThat(wallet.transfer(member, 1).status()).as("to oneself").isEqualTo(400);

        var line = http().get("/api/v1/members/" + receiver + "/points/statement", token).json().get("items").get(0);
        assertThat(line.get("kind").asString()).isEqualTo("TRANSFER_IN");
        assertThat(line.get("counterparty").asString()).isEqualTo(member);
        assertThat(line.get("balanceAfter").asLong()).isEqualTo(100);
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(60);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }

    @Test
    void anAdminAdjustsWithAReasonAndTheActorIsRecorded() {
        String admin = fixtures.adminToken(tenant);
        wallet.earn(10, null);

        var credit = wallet.adjust(admin, 25, "客服补偿: order 1001");
        var debit = wallet.adjust(admin, -30, "duplicate credit");
        var tooMuch = wallet.adjust(admin, -6, "more than there is");
        var noReason = http().send("POST", "/api/v1/members/" + member + "/points/adjustments", admin, "application/json",
                "{\"points\": 5}", key());
        var byBackEnd = wallet.adjust(token, 5, "a back end may not adjust");

        assertThat(credit.status()).as(credit.body()).isEqualTo(201);
        assertThat(credit.json().get("kind").asString()).isEqualTo("ADJUST");
        assertThat(debit.status()).isEqualTo(201);
        assertThat(debit.json().get("balanceAfter").asLong()).isEqualTo(5);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(byBackEnd.status()).isEqualTo(403);
        assertThat(wallet.balance().get("available").asLong()).isEqualTo(5);
    }

    @Test
    void replayedTransfersAndAdjustmentsAnswerTheirFirstReceiptAndAnotherRequestUnderTheirKeyIsAConflict() {
        String admin = fixtures.adminToken(tenant);
        wallet.changePointType(admin, Map.of("transferDailyLimit", 100));
        var receiver = MemberPoints.register(http(), token, "m-2");
        wallet.earn(100, null);

        String transferKey = key();
        assertIdempotent(wallet.transfer(receiver.member(), 10, transferKey), wallet.transfer(receiver.member(), 10, transferKey),
                wallet.transfer(receiver.member(), 11, transferKey));
        String adjustKey = key();
        assertIdempotent(wallet.adjust(admin, 7, "客服补偿", adjustKey), wallet.adjust(admin, 7, "客服补偿", adjustKey),
                wallet.adjust(admin, -7, "客服补偿", adjustKey));

        assertThat(wallet.balance().get("available").asLong()).isEqualTo(100 - 10 + 7);
        assertThat(receiver.balance().get("available").asLong()).isEqualTo(10);
        assertThat(http().get("/api/v1/points/reconciliation", admin).json().get("violations")).isEmpty();
    }
}
