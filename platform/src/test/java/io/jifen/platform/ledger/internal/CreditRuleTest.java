package io.jifen.platform.ledger.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.jifen.platform.ledger.ExpiryPolicy;
import io.jifen.platform.ledger.internal.CreditRule.Credit;
import io.jifen.platform.ledger.internal.CreditRule.NewLot;
import io.jifen.platform.ledger.internal.CreditRule.Portion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditRuleTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-03-10T04:00:00Z");
    private static final Instant SOON = Instant.parse("2026-04-01T00:00:00Z");
    private static final Supplier<ZoneId> ZONE = () -> SHANGHAI;
    /** A zone the rule must not ask for: the expiry is given, or none is needed. */
    private static final Supplier<ZoneId> NO_ZONE = () -> {
        throw new AssertionError("the tenant's zone was looked up");
    };

    private final CreditRule never = new CreditRule(ExpiryPolicy.NEVER, 0, 0, 0);

    @Test
    void aCreditToAWalletThatOwesNothingOpensALotForAllOfIt() {
        assertThat(never.earn(0, 100, null, null, NOW, ZONE)).isEqualTo(new Credit(0, 0, List.of(new NewLot(100, null, null))));
    }

    @Test
    void aCreditSmallerThanTheLoanRepaysPartOfItAndOpensNoLot() {
        assertThat(never.earn(70, 40, null, null, NOW, ZONE)).isEqualTo(new Credit(40, 30, List.of()));
    }

    @Test
    void aCreditThatEqualsTheLoanRepaysAllOfItAndOpensNoLot() {
        assertThat(never.earn(40, 40, null, null, NOW, ZONE)).isEqualTo(new Credit(40, 0, List.of()));
    }

    @Test
    void aCreditLargerThanTheLoanRepaysAllOfItAndOpensALotForTheRest() {
        assertThat(never.earn(30, 100, SOON, null, NOW, NO_ZONE)).isEqualTo(new Credit(30, 0, List.of(new NewLot(70, SOON, null))));
    }

    @Test
    void anEarnWaitsOutThePointTypesPendingPeriodUnlessItBringsItsOwn() {
        var sevenDays = new CreditRule(ExpiryPolicy.NEVER, 0, 0, 7);

        assertThat(sevenDays.earn(0, 10, null, null, NOW, ZONE).lots())
                .containsExactly(new NewLot(10, null, Instant.parse("2026-03-17T04:00:00Z")));
        assertThat(sevenDays.earn(0, 10, null, 30, NOW, ZONE).lots())
                .containsExactly(new NewLot(10, null, Instant.parse("2026-04-09T04:00:00Z")));
        assertThat(sevenDays.earn(0, 10, null, 0, NOW, ZONE).lots()).as("an earn's own zero days: spendable at once")
                .containsExactly(new NewLot(10, null, null));
    }

    @Test
    void theRepaidPartOfAnEarnIsNotPendingAndTheLotOfTheRestIs() {
        var sevenDays = new CreditRule(ExpiryPolicy.NEVER, 0, 0, 7);

        assertThat(sevenDays.earn(4, 10, null, null, NOW, ZONE))
                .isEqualTo(new Credit(4, 0, List.of(new NewLot(6, null, Instant.parse("2026-03-17T04:00:00Z")))));
    }

    @Test
    void anEarnWithoutItsOwnExpiryExpiresAsThePointTypesPolicySaysInTheTenantsZone() {
        var rolling = new CreditRule(ExpiryPolicy.ROLLING_MONTHS, 12, 0, 0);
        var yearEnd = new CreditRule(ExpiryPolicy.YEAR_END, 0, 1, 0);

        assertThat(rolling.earn(0, 10, null, null, NOW, ZONE).lots()).extracting(NewLot::expiresAt)
                .containsExactly(Instant.parse("2027-03-10T04:00:00Z"));
        // 2026-12-31 23:30 in Shanghai: still 2026 there, so the points last until the end of 2027 there.
        assertThat(yearEnd.earn(0, 10, null, null, Instant.parse("2026-12-31T15:30:00Z"), ZONE).lots()).extracting(NewLot::expiresAt)
                .containsExactly(Instant.parse("2027-12-31T16:00:00Z"));
        assertThat(never.earn(0, 10, null, null, NOW, ZONE).lots()).extracting(NewLot::expiresAt).containsOnlyNulls();
        assertThat(yearEnd.earn(0, 10, SOON, null, NOW, NO_ZONE).lots()).as("the earn's own expiry wins")
                .extracting(NewLot::expiresAt).containsExactly(SOON);
    }

    @Test
    void anIssuedCreditExpiresPerPolicyAndIsSpendableAtOnceEvenWhenEarnsWait() {
        var rollingAndPending = new CreditRule(ExpiryPolicy.ROLLING_MONTHS, 6, 0, 7);

        assertThat(rollingAndPending.issue(5, 25, NOW, ZONE))
                .isEqualTo(new Credit(5, 0, List.of(new NewLot(20, Instant.parse("2026-09-10T04:00:00Z"), null))));
    }

    @Test
    void aTransferInRepaysFromItsPortionsInOrderAndTheRestKeepsEachPortionsExpiry() {
        Instant later = Instant.parse("2026-06-01T00:00:00Z");
        List<Portion> portions = List.of(new Portion(30, SOON), new Portion(50, later), new Portion(20, null));

        assertThat(CreditRule.transferIn(0, portions).lots())
                .containsExactly(new NewLot(30, SOON, null), new NewLot(50, later, null), new NewLot(20, null, null));
        assertThat(CreditRule.transferIn(45, portions))
                .isEqualTo(new Credit(45, 0, List.of(new NewLot(35, later, null), new NewLot(20, null, null))));
        assertThat(CreditRule.transferIn(120, portions)).isEqualTo(new Credit(100, 20, List.of()));
    }

    @Test
    void theZoneIsAskedForOnlyWhenThePolicyDecides() {
        var rolling = new CreditRule(ExpiryPolicy.ROLLING_MONTHS, 12, 0, 0);

        assertThat(rolling.earn(0, 10, SOON, null, NOW, NO_ZONE).lots()).hasSize(1);
        assertThatThrownBy(() -> rolling.earn(0, 10, null, null, NOW, NO_ZONE)).isInstanceOf(AssertionError.class);
    }
}
