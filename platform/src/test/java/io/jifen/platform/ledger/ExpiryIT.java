package io.jifen.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.member.Audience;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.NewMember;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

@RecordApplicationEvents
class ExpiryIT extends IntegrationTest {

    @Autowired
    ApplicationEvents events;

    @Autowired
    Ledger ledger;
    @Autowired
    MemberDirectory members;
    @Autowired
    LedgerJobs runs;
    @Autowired
    LedgerReconciliation reconciliation;
    @Autowired
    LedgerQueries queries;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void expiryBooksOutDueLotsOnceHoweverOftenItRuns() {
        var tenant = fixtures.tenant("expiry");
        Instant past = Instant.now().minus(Duration.ofDays(1));
        UUID member = TenantContext.callAs(tenant.id(), () -> {
            UUID id = newMember("e-1");
            earn(id, 30, past);
            earn(id, 20, past.minusSeconds(60));
            earn(id, 50, null);
            ledger.spend(UUID.randomUUID().toString(), new Ledger.Spend(id, "points", 5, "redemption", null, null));
            return id;
        });

        var first = runs.run(Instant.now());
        var second = runs.run(Instant.now().plusMillis(5));

        assertThat(first.status()).isEqualTo("COMPLETED");
        assertThat(second.status()).isEqualTo("COMPLETED");
        TenantContext.runAs(tenant.id(), () -> {
            assertThat(expiredLots(member)).as("two due lots, booked out once each").isEqualTo(2);
            long balance = queries.balance(member, "points").available();
            // The two lots were past their expiry when the member spent, so the spend could only take from the lot that
            // never expires: 20 + 30 expired, 45 remain.
            assertThat(balance).isEqualTo(45);
            assertThat(reconciliation.check().violations()).isEmpty();
        });
    }

    @Test
    void aRunThatFailsHalfWayAndIsRestartedNeverExpiresALotTwice() throws SQLException {
        var tenant = fixtures.tenant("expiry-crash");
        Instant past = Instant.now().minus(Duration.ofDays(2));
        List<UUID> lastWalletLots = TenantContext.callAs(tenant.id(), () -> {
            List<UUID> memberIds = new ArrayList<>();
            for (int m = 0; m < 100; m++) {
                memberIds.add(newMember("c-" + m));
            }
            // Wallets for several chunks (20 wallets each in the tests), credited in one call to be quick.
            List<Ledger.KeyedEarn> earns = new ArrayList<>();
            for (int i = 0; i < 4_500; i++) {
                earns.add(new Ledger.KeyedEarn(UUID.randomUUID().toString(),
                        new Ledger.Earn(memberIds.get(i % memberIds.size()), "points", 1 + i % 7, "order", null, past.plusMillis(i), null)));
            }
            ledger.earnAll(earns);
            return lotsOfTheLastWallet();
        });
        // The run walks the wallets in id order: the last wallet's chunk fails, the chunks before it commit.
        UUID poisoned = lastWalletLots.getLast();
        try (var db = stack().superuserConnection("jifen"); var sql = db.createStatement()) {
            sql.execute("""
                    create function platform.poison_expiry() returns trigger language plpgsql as $$
                    begin
                        if new.lot_id = '%s' and new.amount < 0 then raise exception 'simulated crash'; end if;
                        return new;
                    end $$;
                    create trigger poison_expiry before insert on platform.ledger_lot_movement
                        for each row execute function platform.poison_expiry();""".formatted(poisoned));
        }
        LedgerJobs.Run failed;
        try {
            failed = runs.run(Instant.now());
        } finally {
            try (var db = stack().superuserConnection("jifen"); var sql = db.createStatement()) {
                sql.execute("drop trigger poison_expiry on platform.ledger_lot_movement; drop function platform.poison_expiry()");
            }
        }
        assertThat(failed.status()).isEqualTo("FAILED");
        long expiredBeforeRestart = TenantContext.callAs(tenant.id(), this::expiredLots);
        assertThat(expiredBeforeRestart).as("the chunks before the failure were committed").isBetween(1L, 4_499L);

        var restarted = runs.restart(failed.executionId());

        assertThat(restarted.status()).isEqualTo("COMPLETED");
        TenantContext.runAs(tenant.id(), () -> {
            assertThat(expiredLots()).isEqualTo(4_500);
            assertThat(maxExpiriesOfOneLot()).as("no lot expired twice").isEqualTo(1);
            assertThat(reconciliation.check().violations()).isEmpty();
        });
    }

    @Test
    void membersWithPointsExpiringSoonAreRemindedOncePerExpiryDate() {
        var tenant = fixtures.tenant("remind");
        Instant inTenDays = Instant.now().plus(Duration.ofDays(10));
        UUID member = TenantContext.callAs(tenant.id(), () -> {
            UUID id = newMember("r-1");
            earn(id, 30, inTenDays);
            earn(id, 12, inTenDays);
            earn(id, 50, Instant.now().plus(Duration.ofDays(90)));
            earn(newMember("r-2"), 10, null);
            return id;
        });

        var first = runs.remind(Instant.now());
        var again = runs.remind(Instant.now().plusMillis(5));

        assertThat(first.status()).isEqualTo("COMPLETED");
        assertThat(again.status()).isEqualTo("COMPLETED");
        var reminders = events.stream(PointsExpiringSoon.class).filter(e -> e.tenantId().equals(tenant.id())).toList();
        assertThat(reminders).as("one reminder for the two lots expiring the same day; none for the lot in 90 days")
                .singleElement()
                .satisfies(reminder -> {
                    assertThat(reminder.memberId()).isEqualTo(member);
                    assertThat(reminder.points()).isEqualTo(42);
                    assertThat(reminder.pointType()).isEqualTo("points");
                });
    }

    private UUID newMember(String externalId) {
        return members.create(new NewMember(externalId, Audience.CONSUMER, null, null, null, null, null, null)).id();
    }

    private void earn(UUID member, long points, Instant expiresAt) {
        ledger.earn(UUID.randomUUID().toString(), new Ledger.Earn(member, "points", points, "order", null, expiresAt, null));
    }

    private <T> T inTransaction(Supplier<T> work) {
        return new TransactionTemplate(transactionManager).execute(status -> work.get());
    }

    private List<UUID> lotsOfTheLastWallet() {
        return inTransaction(() -> jdbc.sql("""
                        select id from platform.ledger_lot where tenant_id = platform.current_tenant()
                          and account_id = (select account_id from platform.ledger_lot where tenant_id = platform.current_tenant()
                                            order by account_id desc limit 1)
                        order by expires_at, id""")
                .query(UUID.class).list());
    }

    /** Lots booked out by EXPIRE transactions (a lot booked out twice counts twice). */
    private long expiredLots() {
        return inTransaction(() -> jdbc.sql("""
                        select count(*) from platform.ledger_lot_movement m
                        join platform.ledger_transaction t on t.tenant_id = m.tenant_id and t.id = m.transaction_id
                        where m.tenant_id = platform.current_tenant() and t.kind = 'EXPIRE'""")
                .query(Long.class).single());
    }

    private long expiredLots(UUID member) {
        return inTransaction(() -> jdbc.sql("""
                        select count(*) from platform.ledger_lot_movement m
                        join platform.ledger_transaction t on t.tenant_id = m.tenant_id and t.id = m.transaction_id
                        where m.tenant_id = platform.current_tenant() and t.kind = 'EXPIRE' and t.member_id = ?""")
                .param(member).query(Long.class).single());
    }

    private long maxExpiriesOfOneLot() {
        return inTransaction(() -> jdbc.sql("""
                        select coalesce(max(n), 0) from (
                            select count(*) as n from platform.ledger_lot_movement m
                            join platform.ledger_transaction t on t.tenant_id = m.tenant_id and t.id = m.transaction_id
                            where m.tenant_id = platform.current_tenant() and t.kind = 'EXPIRE' group by m.lot_id) per_lot""")
                .query(Long.class).single());
    }
}
