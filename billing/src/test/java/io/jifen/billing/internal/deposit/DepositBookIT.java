package io.jifen.billing.internal.deposit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.billing.BillingIntegrationTest;
import io.jifen.billing.BillingRefused;
import io.jifen.billing.Deposits;
import io.jifen.billing.Deposits.Charge.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prepaid goods deposit against PostgreSQL: parallel charges never overdraw it (exactly the affordable ones go
 * through), a charge is taken once per order however often it is asked, a release gives back at most what the order
 * was charged, a charge rolled back with its order leaves nothing, and a low-balance alert is raised once per crossing.
 */
class DepositBookIT extends BillingIntegrationTest {

    @Autowired
    Deposits deposits;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    private UUID enabledWith(long balanceFen, long lowBalanceFen) {
        UUID tenant = UUID.randomUUID();
        deposits.configure(tenant, true, lowBalanceFen);
        if (balanceFen > 0) {
            deposits.topUp(tenant, balanceFen, "initial-" + tenant, "operator");
        }
        return tenant;
    }

    private long movementsSum(UUID tenant) {
        return asTenant(tenant, () -> jdbc.sql("select coalesce(sum(amount_fen), 0) from billing.deposit_movement where tenant_id = ?").param(tenant)
                .query(Long.class).single());
    }

    @Test
    void parallelChargesNeverOverdrawTheDepositAndExactlyTheAffordableOnesGoThrough() throws Exception {
        // 10,000 fen pays for 4 orders of 2,500: of 12 racing charges, 4 succeed and the balance ends at 0, never below.
        UUID tenant = enabledWith(10_000, 0);
        int racers = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Deposits.Charge>> charges = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String order = "order:" + UUID.randomUUID();
            charges.add(() -> {
                start.await();
                return new TransactionTemplate(transactionManager).execute(status -> deposits.charge(tenant, order, 2_500));
            });
        }
        List<Deposits.Charge> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            List<Future<Deposits.Charge>> futures = new ArrayList<>();
            for (var charge : charges) {
                futures.add(pool.submit(charge));
            }
            start.countDown();
            for (var future : futures) {
                outcomes.add(future.get());
            }
        }
        assertThat(outcomes).filteredOn(c -> c.outcome() == Outcome.CHARGED).hasSize(4);
        assertThat(outcomes).filteredOn(c -> c.outcome() == Outcome.INSUFFICIENT).hasSize(racers - 4);
        assertThat(deposits.find(tenant).orElseThrow().balanceFen()).isZero();
        assertThat(movementsSum(tenant)).as("the movements add up to the balance").isZero();
        assertThat(deposits.movements(tenant, null, 100)).filteredOn(m -> m.kind() == Deposits.Kind.CHARGE).hasSize(4)
                .allSatisfy(m -> assertThat(m.balanceAfterFen()).isNotNegative());
    }

    @Test
    void theSameOrderChargedTwiceIsChargedOnce() throws Exception {
        UUID tenant = enabledWith(10_000, 0);
        String order = "order:" + UUID.randomUUID();
        Deposits.Charge first = deposits.charge(tenant, order, 3_000);
        Deposits.Charge again = deposits.charge(tenant, order, 3_000);
        assertThat(first.outcome()).isEqualTo(Outcome.CHARGED);
        assertThat(first.replayed()).isFalse();
        assertThat(again.outcome()).isEqualTo(Outcome.CHARGED);
        assertThat(again.replayed()).isTrue();
        assertThat(deposits.find(tenant).orElseThrow().balanceFen()).isEqualTo(7_000);

        // The same order racing itself on two connections: still one charge.
        String raced = "order:" + UUID.randomUUID();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            CountDownLatch start = new CountDownLatch(1);
            Callable<Deposits.Charge> charge = () -> {
                start.await();
                return new TransactionTemplate(transactionManager).execute(status -> deposits.charge(tenant, raced, 1_000));
            };
            var a = pool.submit(charge);
            var b = pool.submit(charge);
            start.countDown();
            assertThat(List.of(a.get(), b.get())).extracting(Deposits.Charge::replayed).containsExactlyInAnyOrder(true, false);
        }
        assertThat(deposits.find(tenant).orElseThrow().balanceFen()).isEqualTo(6_000);
        assertThat(movementsSum(tenant)).isEqualTo(6_000);
    }

    @Test
    void aReleaseGivesBackWhatTheOrderWasChargedOnceAndNoMore() {
        UUID tenant = enabledWith(10_000, 0);
        String order = "order:" + UUID.randomUUID();
        deposits.charge(tenant, order, 4_000);
        var released = deposits.release(tenant, order, order + ":release:r1", 4_000);
        assertThat(released).get().extracting(Deposits.Movement::amountFen).isEqualTo(4_000L);
        assertThat(deposits.release(tenant, order, order + ":release:r1", 4_000)).as("the same refund again").get()
                .extracting(Deposits.Movement::id).isEqualTo(released.get().id());
        assertThat(deposits.release(tenant, order, order + ":release:r2", 4_000)).as("nothing left to give back").isEmpty();
        assertThat(deposits.release(tenant, "order:" + UUID.randomUUID(), "never-charged:release", 1_000)).as("an order never charged").isEmpty();
        assertThat(deposits.find(tenant).orElseThrow().balanceFen()).isEqualTo(10_000);
        assertThat(movementsSum(tenant)).isEqualTo(10_000);
    }

    @Test
    void aChargeRolledBackWithItsOrderLeavesNothingAndAnEmptyDepositRefusesUntilToppedUp() {
        UUID tenant = enabledWith(1_000, 0);
        String order = "order:" + UUID.randomUUID();
        assertThatThrownBy(() -> new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            assertThat(deposits.charge(tenant, order, 1_000).outcome()).isEqualTo(Outcome.CHARGED);
            throw new IllegalStateException("the order was refused after the charge");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(deposits.find(tenant).orElseThrow().balanceFen()).isEqualTo(1_000);
        assertThat(deposits.movements(tenant, null, 10)).extracting(Deposits.Movement::kind).containsExactly(Deposits.Kind.TOP_UP);

        assertThat(deposits.charge(tenant, order, 1_500).outcome()).isEqualTo(Outcome.INSUFFICIENT);
        assertThat(deposits.movements(tenant, null, 10)).hasSize(1);
        deposits.topUp(tenant, 500, "BANK-2033-0001", "operator");
        assertThat(deposits.topUp(tenant, 500, "BANK-2033-0001", "operator").amountFen()).as("the same transfer once").isEqualTo(500);
        assertThatThrownBy(() -> deposits.topUp(tenant, 600, "BANK-2033-0001", "operator")).isInstanceOf(BillingRefused.class);
        assertThat(deposits.charge(tenant, order, 1_500).outcome()).isEqualTo(Outcome.CHARGED);
        assertThat(deposits.find(tenant).orElseThrow().balanceFen()).isZero();

        UUID off = UUID.randomUUID();
        assertThat(deposits.charge(off, order, 1_000).outcome()).as("a tenant without a deposit").isEqualTo(Outcome.NOT_ENABLED);
        deposits.configure(off, false, 0);
        assertThat(deposits.charge(off, order, 1_000).outcome()).as("a deposit turned off").isEqualTo(Outcome.NOT_ENABLED);
        assertThat(deposits.movements(off, null, 10)).isEmpty();
    }

    @Test
    void aLowBalanceAlertIsRaisedOncePerCrossingOfTheThreshold() {
        UUID tenant = enabledWith(10_000, 5_000);
        assertThat(deposits.charge(tenant, "order:a", 4_000).alert()).as("10,000 -> 6,000: still above").isNull();
        Deposits.Charge crossing = deposits.charge(tenant, "order:b", 2_000);
        assertThat(crossing.alert()).as("6,000 -> 4,000 crosses 5,000").isNotNull();
        assertThat(crossing.alert().balanceFen()).isEqualTo(4_000);
        assertThat(crossing.alert().thresholdFen()).isEqualTo(5_000);
        assertThat(deposits.charge(tenant, "order:c", 1_000).alert()).as("already below: no second alert").isNull();
        assertThat(deposits.charge(tenant, "order:b", 2_000).alert()).as("the crossing charge replayed").isNull();
        deposits.topUp(tenant, 10_000, "BANK-2", "operator");
        assertThat(deposits.charge(tenant, "order:d", 9_000).alert()).as("topped up to 13,000 and crossed again").isNotNull();
        assertThat(deposits.alerts(tenant, 10)).hasSize(2);
    }
}
