package io.jifen.platform.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.member.Audience;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.NewMember;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Race;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 积分复活节: spends of points that expired within the last year, their refunds (back as expired points), replays and
 * reused keys, races between them, and the reconciliation and chain over them.
 */
class LedgerExpiredSpendsIT extends IntegrationTest {

    @Autowired
    Ledger ledger;
    @Autowired
    LedgerQueries queries;
    @Autowired
    LedgerReconciliation reconciliation;
    @Autowired
    PointsExpiry expiry;
    @Autowired
    MemberDirectory members;

    private Fixtures.TenantFixture tenant;
    private Instant now;

    @BeforeEach
    void tenant() {
        tenant = fixtures.tenant("revive");
        now = Instant.now();
    }

    /**
     * 30 points expired 400 days ago (too long), 20 ten days ago and 50 two days ago (revivable), 40 never expire: 70 can
     * be revived and 40 spent.
     */
    private UUID memberWithExpiredPoints(String externalId) {
        return as(() -> {
            UUID member = members.create(new NewMember(externalId, Audience.CONSUMER, null, null, null, null, null, null)).id();
            earn(member, 30, now.minus(Duration.ofDays(400)));
            earn(member, 20, now.minus(Duration.ofDays(10)));
            earn(member, 50, now.minus(Duration.ofDays(2)));
            earn(member, 40, null);
            expiry.expire(expiry.dueWallets(now, new UUID(0, 0), 1_000), now);
            return member;
        });
    }

    @Test
    void aFestivalSpendTakesPointsThatExpiredWithinAYearEarliestExpiryFirstAndLeavesTheWalletAlone() {
        UUID member = memberWithExpiredPoints("f-1");

        as(() -> {
            assertThat(queries.revivable(member, "points")).as("20 + 50; the 30 expired more than a year ago").isEqualTo(70);
            Receipt spent = ledger.spendExpired("festival-1", spend(member, 60));
            assertThat(spent.kind()).isEqualTo("SPEND_EXPIRED");
            assertThat(spent.points()).isEqualTo(60);
            assertThat(spent.balanceAfter()).as("the wallet does not move").isEqualTo(40);
            assertThat(queries.balance(member, "points").available()).isEqualTo(40);
            assertThat(queries.revivable(member, "points")).isEqualTo(10);
            assertThatThrownBy(() -> ledger.spendExpired("festival-2", spend(member, 11)))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.type()).isEqualTo("insufficient-expired-points"));
            assertThat(queries.statement(member, "points", null, 10).items().getFirst().kind()).isEqualTo("SPEND_EXPIRED");
            assertThat(reconciliation.check().violations()).isEmpty();
            return null;
        });
        // 360 days on, only the lot that expired two days before is within the year: its 10 points are what is left,
        // so the spend took the lot that expired earlier first.
        clock.setTo(now.plus(Duration.ofDays(360)));
        assertThat(as(() -> queries.revivable(member, "points"))).isEqualTo(10);
        clock.setTo(now.plus(Duration.ofDays(370)));
        assertThat(as(() -> queries.revivable(member, "points"))).as("a year after their expiry, points cannot be revived").isZero();
        assertThatThrownBy(() -> as(() -> ledger.spendExpired("festival-late", spend(member, 1))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.type()).isEqualTo("insufficient-expired-points"));
    }

    @Test
    void aRefundGivesTheRevivedPointsBackAsExpiredPointsNeverAsSpendableOnes() {
        UUID member = memberWithExpiredPoints("f-2");

        as(() -> {
            Receipt spent = ledger.spendExpired("festival-1", spend(member, 60));
            Receipt part = ledger.refund("refund-1", new Ledger.Refund(spent.transactionId(), 25L, "order cancelled", null));
            assertThat(part.kind()).isEqualTo("REFUND_EXPIRED");
            assertThat(part.reverses()).isEqualTo(spent.transactionId());
            assertThat(part.balanceAfter()).isEqualTo(40);
            var balance = queries.balance(member, "points");
            assertThat(balance.available()).as("nothing became spendable").isEqualTo(40);
            assertThat(balance.ledgerBalance()).isEqualTo(40);
            assertThat(queries.revivable(member, "points")).isEqualTo(35);

            Receipt rest = ledger.refund("refund-2", new Ledger.Refund(spent.transactionId(), null, null, null));
            assertThat(rest.points()).isEqualTo(35);
            assertThat(queries.revivable(member, "points")).isEqualTo(70);
            assertThatThrownBy(() -> ledger.refund("refund-3", new Ledger.Refund(spent.transactionId(), 1L, null, null)))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.type()).isEqualTo("refund-exceeds-spend"));
            assertThat(ledger.spendExpired("festival-again", spend(member, 70)).points()).as("refunded points can be revived again")
                    .isEqualTo(70);
            assertThat(queries.balance(member, "points").available()).isEqualTo(40);
            assertThat(reconciliation.check().violations()).isEmpty();
            return null;
        });
    }

    @Test
    void aReplayAnswersTheFirstReceiptAndTheSameKeyWithAnotherRequestIsAConflict() {
        UUID member = memberWithExpiredPoints("f-3");

        as(() -> {
            Receipt first = ledger.spendExpired("festival-1", spend(member, 30));
            Receipt again = ledger.spendExpired("festival-1", spend(member, 30));
            assertThat(again.transactionId()).isEqualTo(first.transactionId());
            assertThatThrownBy(() -> ledger.spendExpired("festival-1", spend(member, 31)))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.type()).isEqualTo("idempotency-key-reused"));
            Receipt refund = ledger.refund("refund-1", new Ledger.Refund(first.transactionId(), 10L, null, null));
            assertThat(ledger.refund("refund-1", new Ledger.Refund(first.transactionId(), 10L, null, null)).transactionId())
                    .isEqualTo(refund.transactionId());
            assertThatThrownBy(() -> ledger.refund("refund-1", new Ledger.Refund(first.transactionId(), 11L, null, null)))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.type()).isEqualTo("idempotency-key-reused"));
            assertThat(queries.revivable(member, "points")).as("70 - 30 + 10, each once").isEqualTo(50);
            assertThatThrownBy(() -> ledger.spendExpired("festival-0", spend(member, 0)))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errors()).extracting(p -> p.field()).containsExactly("points"));
            assertThat(reconciliation.check().violations()).isEmpty();
            return null;
        });
    }

    @Test
    void concurrentFestivalSpendsAndRefundsNeverReviveAnExpiredPointTwice() {
        UUID member = memberWithExpiredPoints("f-4");

        List<String> spends = Race.run(12, () -> as(() -> {
            try {
                return ledger.spendExpired(UUID.randomUUID().toString(), spend(member, 10)).transactionId().toString();
            } catch (DomainException refused) {
                return refused.type();
            }
        }));

        assertThat(spends).filteredOn("insufficient-expired-points"::equals).as("70 revivable points: 7 spends of 10").hasSize(5);
        List<UUID> spent = spends.stream().filter(s -> !s.equals("insufficient-expired-points")).map(UUID::fromString).toList();
        assertThat(spent).hasSize(7);
        assertThat(as(() -> queries.revivable(member, "points"))).isZero();

        // The same refund four times at once, under four keys: only the spend's 10 points come back.
        UUID target = spent.getFirst();
        List<String> refunds = Race.run(4, () -> as(() -> {
            try {
                return ledger.refund(UUID.randomUUID().toString(), new Ledger.Refund(target, 10L, null, null)).kind();
            } catch (DomainException refused) {
                return refused.type();
            }
        }));
        assertThat(refunds).containsExactlyInAnyOrder("REFUND_EXPIRED", "refund-exceeds-spend", "refund-exceeds-spend", "refund-exceeds-spend");
        as(() -> {
            assertThat(queries.revivable(member, "points")).isEqualTo(10);
            assertThat(queries.balance(member, "points").available()).isEqualTo(40);
            assertThat(reconciliation.check().violations()).isEmpty();
            return null;
        });
    }

    @Test
    void reconciliationNamesAFestivalSpendWhoseTakesFromExpiredLotsWereChanged() throws SQLException {
        UUID member = memberWithExpiredPoints("f-5");
        // 15 points, all from the lot that expired ten days ago: one movement.
        Receipt spent = as(() -> ledger.spendExpired("festival-1", spend(member, 15)));
        assertThat(as(() -> reconciliation.check().violations())).isEmpty();

        try (Connection db = stack().superuserConnection("jifen")) {
            db.createStatement().execute("set session_replication_role = replica");
            var update = db.prepareStatement("update platform.ledger_expired_movement set amount = amount - 5 where tenant_id = ? and transaction_id = ?");
            update.setObject(1, tenant.id());
            update.setObject(2, spent.transactionId());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        assertThat(as(() -> reconciliation.check().violations()).toString())
                .contains("SPEND_EXPIRED " + spent.transactionId() + " of 15 points moved -20 of lots' expired points")
                .contains("transaction " + spent.transactionId() + " or its postings were changed after it was sealed");
    }

    private static Ledger.SpendExpired spend(UUID member, long points) {
        return new Ledger.SpendExpired(member, "points", points, "festival", "积分复活节", null);
    }

    private void earn(UUID member, long points, Instant expiresAt) {
        ledger.earn(UUID.randomUUID().toString(), new Ledger.Earn(member, "points", points, "order", null, expiresAt, null));
    }

    private <T> T as(Supplier<T> work) {
        return TenantContext.callAs(tenant.id(), work);
    }
}
