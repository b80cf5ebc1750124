package io.jifen.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.jifen.platform.JifenApplication;
import io.jifen.platform.member.Audience;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.NewMember;
import io.jifen.platform.onboarding.OnboardingService;
import io.jifen.platform.onboarding.SignupRequest;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Signups;
import io.jifen.platform.support.StackProperties;
import io.jifen.platform.support.TestStack;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.web.CursorPage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of earn (some pending), spend (with points loans up to the point type's limit), refund, partial
 * refund, clawback, hold, capture, release, hold time-out, transfer, expiry, adjustment, and spends of expired points
 * (积分复活节) and their refunds against the real ledger,
 * mixed with replays of earlier postings (the same key and request: the first receipt, nothing changes) and reuses of
 * their keys with another request (refused), checked after every step against a simple reference model of lots, and
 * against the ledger's own reconciliation. The receiver of transfers is checked too.
 */
class LedgerModelIT {

    private static ConfigurableApplicationContext context;
    private static UUID tenant;

    /** The points type of the model's tenant lends up to this many points. */
    static final long LOAN_LIMIT = 40;

    sealed interface Op permits Earn, Spend, Refund, Expire, Adjust, Hold, Capture, Release, Transfer, Clawback, TimeOut, Replay, Reuse,
            SpendExpired, RefundExpired {
    }

    /** 积分复活节: spends points that expired (all within the year here: expiries are days away). */
    record SpendExpired(long points) implements Op {
    }

    /** Refunds the {@code which}-th spend of expired points so far; {@code points} 0 means all that is left. */
    record RefundExpired(int which, long points) implements Op {
    }

    /** {@code expiry}: 0 never, negative days in the past, positive days in the future; {@code pendingDays}: 0 spendable at once. */
    record Earn(long points, int expiry, int pendingDays) implements Op {
    }

    /** Claws back {@code points} of the {@code which}-th earn so far (modulo their number). */
    record Clawback(int which, long points) implements Op {
    }

    /** Holds time out an hour after they are made, or after three ({@code long}); this releases those past two hours. */
    record TimeOut() implements Op {
    }

    /** Posts the {@code which}-th accepted posting so far again, with its key and request: its first receipt, no change. */
    record Replay(int which) implements Op {
    }

    /** The key of the {@code which}-th accepted posting so far with another request: refused, no change. */
    record Reuse(int which) implements Op {
    }

    record Spend(long points) implements Op {
    }

    /** Refunds the {@code which}-th spend or captured hold so far (modulo their number); {@code points} 0 means all that is left. */
    record Refund(int which, long points) implements Op {
    }

    record Hold(long points, boolean longTtl) implements Op {
    }

    /** Captures the {@code which}-th hold so far (modulo their number); a settled hold is refused. */
    record Capture(int which) implements Op {
    }

    record Release(int which) implements Op {
    }

    /** Gives points to a second member of the tenant. */
    record Transfer(long points) implements Op {
    }

    record Expire() implements Op {
    }

    record Adjust(long points) implements Op {
    }

    @BeforeContainer
    static void start() {
        // Its own application (jqwik does not run inside Spring's test context), configured like every other test's.
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.io.jifen.access=WARN",
                "--jifen.ledger.schedule.expiry=-", "--jifen.ledger.schedule.reminders=-", "--jifen.ledger.schedule.reconciliation=-"));
        StackProperties.of(TestStack.get()).forEach((name, value) -> args.add("--" + name + "=" + value));
        context = new SpringApplicationBuilder(JifenApplication.class).run(args.toArray(String[]::new));
        String slug = Fixtures.uniqueSlug("model");
        tenant = Signups.complete(context.getBean(OnboardingService.class), TestStack.get(), new SignupRequest(slug, "Model",
                "admin@" + slug + ".example.com", "Model", Fixtures.PASSWORD, null, null, null, null, null, null)).tenant().id();
        TenantContext.runAs(tenant, () -> {
            var catalog = context.getBean(PointTypeCatalog.class);
            UUID points = catalog.byCode("points").id();
            // A transfer limit high enough never to bind: it depends on the wall clock, which the model does not follow.
            catalog.change(points, new PointTypeChange(null, null, null, 1_000_000L, null, LOAN_LIMIT, ClawbackPolicy.NEGATIVE, null));
        });
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Property(tries = 25)
    void everyStepKeepsTheInvariantsAndMatchesTheModel(@ForAll("operations") List<Op> operations) {
        TenantContext.runAs(tenant, () -> run(operations));
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> earn = Arbitraries.longs().between(1, 100)
                .flatMap(points -> Arbitraries.integers().between(-3, 3)
                        .flatMap(expiry -> Arbitraries.integers().between(0, 6).map(pending -> (Op) new Earn(points, expiry, Math.max(0, pending - 4)))));
        Arbitrary<Op> spend = Arbitraries.longs().between(1, 150).map(Spend::new);
        Arbitrary<Op> refund = Arbitraries.integers().between(0, 5)
                .flatMap(which -> Arbitraries.longs().between(0, 60).map(points -> (Op) new Refund(which, points)));
        Arbitrary<Op> adjust = Arbitraries.longs().between(-60, 60).filter(p -> p != 0).map(Adjust::new);
        Arbitrary<Op> hold = Arbitraries.longs().between(1, 80).flatMap(points -> Arbitraries.of(true, false).map(ttl -> (Op) new Hold(points, ttl)));
        Arbitrary<Op> clawback = Arbitraries.integers().between(0, 5)
                .flatMap(which -> Arbitraries.longs().between(1, 60).map(points -> (Op) new Clawback(which, points)));
        Arbitrary<Op> replay = Arbitraries.integers().between(0, 30).map(Replay::new);
        Arbitrary<Op> reuse = Arbitraries.integers().between(0, 30).map(Reuse::new);
        Arbitrary<Op> capture = Arbitraries.integers().between(0, 3).map(Capture::new);
        Arbitrary<Op> release = Arbitraries.integers().between(0, 3).map(Release::new);
        Arbitrary<Op> transfer = Arbitraries.longs().between(1, 80).map(Transfer::new);
        Arbitrary<Op> spendExpired = Arbitraries.longs().between(1, 60).map(SpendExpired::new);
        Arbitrary<Op> refundExpired = Arbitraries.integers().between(0, 3)
                .flatMap(which -> Arbitraries.longs().between(0, 40).map(points -> (Op) new RefundExpired(which, points)));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(4, earn), Tuple.of(4, spend), Tuple.of(2, refund), Tuple.of(1, Arbitraries.just(new Expire())),
                Tuple.of(1, adjust), Tuple.of(2, hold), Tuple.of(1, capture), Tuple.of(1, release), Tuple.of(2, transfer),
                Tuple.of(2, clawback), Tuple.of(1, Arbitraries.just(new TimeOut())), Tuple.of(2, replay), Tuple.of(1, reuse),
                Tuple.of(2, spendExpired), Tuple.of(1, refundExpired));
        return op.list().ofMinSize(1).ofMaxSize(30);
    }

    private void run(List<Op> operations) {
        Ledger ledger = context.getBean(Ledger.class);
        LedgerQueries queries = context.getBean(LedgerQueries.class);
        LedgerReconciliation reconciliation = context.getBean(LedgerReconciliation.class);
        PointsExpiry expiry = context.getBean(PointsExpiry.class);
        MemberDirectory members = context.getBean(MemberDirectory.class);
        UUID member = members.create(new NewMember("model-" + UUID.randomUUID(), Audience.CONSUMER, null, null, null, null, null, null)).id();
        UUID friend = members.create(new NewMember("friend-" + UUID.randomUUID(), Audience.CONSUMER, null, null, null, null, null, null)).id();
        Model model = new Model();
        Model friendModel = new Model();
        List<UUID> spends = new ArrayList<>();
        List<UUID> holds = new ArrayList<>();
        List<UUID> earns = new ArrayList<>();
        List<UUID> expiredSpends = new ArrayList<>();
        List<Posted> posted = new ArrayList<>();
        Instant base = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);  // PostgreSQL keeps microseconds
        for (Op op : operations) {
            boolean modelAccepts;
            boolean ledgerAccepted;
            try {
                switch (op) {
                    case Earn earn -> {
                        Instant expiresAt = earn.expiry() == 0 ? null : base.plus(Duration.ofDays(earn.expiry())).plusMillis(model.lots.size());
                        modelAccepts = model.earn(earn.points(), expiresAt, earn.pendingDays() > 0);
                        Integer pending = earn.pendingDays() > 0 ? earn.pendingDays() : null;
                        String key = key();
                        var receipt = ledger.earn(key, new Ledger.Earn(member, "points", earn.points(), "model", null, expiresAt, null, pending));
                        earns.add(receipt.transactionId());
                        posted.add(new Posted(receipt,
                                () -> ledger.earn(key, new Ledger.Earn(member, "points", earn.points(), "model", null, expiresAt, null, pending)),
                                () -> ledger.earn(key, new Ledger.Earn(member, "points", earn.points() + 1, "model", null, expiresAt, null, pending))));
                    }
                    case Spend spend -> {
                        modelAccepts = model.spend(spend.points());
                        String key = key();
                        var receipt = ledger.spend(key, new Ledger.Spend(member, "points", spend.points(), "model", null, null));
                        spends.add(receipt.transactionId());
                        posted.add(new Posted(receipt, () -> ledger.spend(key, new Ledger.Spend(member, "points", spend.points(), "model", null, null)),
                                () -> ledger.spend(key, new Ledger.Spend(member, "points", spend.points() + 1, "model", null, null))));
                    }
                    case Refund refund -> {
                        if (spends.isEmpty()) {
                            continue;
                        }
                        int which = refund.which() % spends.size();
                        modelAccepts = model.refund(which, refund.points());
                        String key = key();
                        Long points = refund.points() == 0 ? null : refund.points();
                        var receipt = ledger.refund(key, new Ledger.Refund(spends.get(which), points, null, null));
                        posted.add(new Posted(receipt, () -> ledger.refund(key, new Ledger.Refund(spends.get(which), points, null, null)),
                                () -> ledger.refund(key, new Ledger.Refund(spends.get(which), refund.points() + 1, null, null))));
                    }
                    case Expire ignored -> {
                        Instant now = Instant.now();
                        modelAccepts = model.expire(now) && friendModel.expire(now);
                        expiry.expire(expiry.dueWallets(now, new UUID(0, 0), 10_000), now);
                    }
                    case Adjust adjust -> {
                        modelAccepts = model.adjust(adjust.points());
                        String key = key();
                        var receipt = ledger.adjust(key, new Ledger.Adjust(member, "points", adjust.points(), "model", "model"));
                        posted.add(new Posted(receipt, () -> ledger.adjust(key, new Ledger.Adjust(member, "points", adjust.points(), "model", "model")),
                                () -> ledger.adjust(key, new Ledger.Adjust(member, "points", adjust.points() * 2, "model", "model"))));
                    }
                    case Hold hold -> {
                        modelAccepts = model.hold(hold.points(), hold.longTtl());
                        String key = key();
                        Duration ttl = Duration.ofHours(hold.longTtl() ? 3 : 1);
                        var receipt = ledger.hold(key, new Ledger.Hold(member, "points", hold.points(), ttl, "model", null, null));
                        holds.add(receipt.transactionId());
                        posted.add(new Posted(receipt, () -> ledger.hold(key, new Ledger.Hold(member, "points", hold.points(), ttl, "model", null, null)),
                                () -> ledger.hold(key, new Ledger.Hold(member, "points", hold.points() + 1, ttl, "model", null, null))));
                    }
                    case Capture capture -> {
                        if (holds.isEmpty()) {
                            continue;
                        }
                        int which = capture.which() % holds.size();
                        modelAccepts = model.capture(which);
                        String key = key();
                        UUID held = holds.get(which);
                        var receipt = ledger.capture(key, held, null);
                        spends.add(held);
                        posted.add(new Posted(receipt, () -> ledger.capture(key, held, null), () -> ledger.release(key, held, null)));
                    }
                    case Release release -> {
                        if (holds.isEmpty()) {
                            continue;
                        }
                        int which = release.which() % holds.size();
                        modelAccepts = model.release(which);
                        String key = key();
                        UUID held = holds.get(which);
                        var receipt = ledger.release(key, held, null);
                        posted.add(new Posted(receipt, () -> ledger.release(key, held, null), () -> ledger.capture(key, held, null)));
                    }
                    case Transfer transfer -> {
                        var portions = model.transfer(transfer.points());
                        modelAccepts = portions != null;
                        if (portions != null) {
                            portions.forEach(portion -> friendModel.credit(portion.remaining, portion.expiresAt));
                        }
                        String key = key();
                        var receipt = ledger.transfer(key, new Ledger.Transfer(member, friend, "points", transfer.points(), null, null));
                        posted.add(new Posted(receipt, () -> ledger.transfer(key, new Ledger.Transfer(member, friend, "points", transfer.points(), null, null)),
                                () -> ledger.transfer(key, new Ledger.Transfer(member, friend, "points", transfer.points() + 1, null, null))));
                    }
                    case Clawback clawback -> {
                        if (earns.isEmpty()) {
                            continue;
                        }
                        int which = clawback.which() % earns.size();
                        modelAccepts = model.clawback(which, clawback.points());
                        String key = key();
                        UUID earn = earns.get(which);
                        var receipt = ledger.clawback(key, new Ledger.Clawback(earn, clawback.points(), null, null));
                        posted.add(new Posted(receipt, () -> ledger.clawback(key, new Ledger.Clawback(earn, clawback.points(), null, null)),
                                () -> ledger.clawback(key, new Ledger.Clawback(earn, clawback.points() + 1, null, null))));
                    }
                    case SpendExpired spend -> {
                        modelAccepts = model.spendExpired(spend.points());
                        String key = key();
                        var receipt = ledger.spendExpired(key, new Ledger.SpendExpired(member, "points", spend.points(), "model", null, null));
                        expiredSpends.add(receipt.transactionId());
                        posted.add(new Posted(receipt,
                                () -> ledger.spendExpired(key, new Ledger.SpendExpired(member, "points", spend.points(), "model", null, null)),
                                () -> ledger.spendExpired(key, new Ledger.SpendExpired(member, "points", spend.points() + 1, "model", null, null))));
                    }
                    case RefundExpired refund -> {
                        if (expiredSpends.isEmpty()) {
                            continue;
                        }
                        int which = refund.which() % expiredSpends.size();
                        modelAccepts = model.refundExpired(which, refund.points());
                        String key = key();
                        Long points = refund.points() == 0 ? null : refund.points();
                        var receipt = ledger.refund(key, new Ledger.Refund(expiredSpends.get(which), points, null, null));
                        posted.add(new Posted(receipt, () -> ledger.refund(key, new Ledger.Refund(expiredSpends.get(which), points, null, null)),
                                () -> ledger.refund(key, new Ledger.Refund(expiredSpends.get(which), refund.points() + 1, null, null))));
                    }
                    case TimeOut ignored -> {
                        // Every tenant's holds of an hour, this member's among them (earlier tries' members are not checked any more).
                        modelAccepts = model.timeOut();
                        ledger.releaseTimedOutHolds(Instant.now().plus(Duration.ofHours(2)));
                    }
                    case Replay replay -> {
                        if (posted.isEmpty()) {
                            continue;
                        }
                        Posted first = posted.get(replay.which() % posted.size());
                        modelAccepts = model.lastAccepted = true;
                        Receipt again = first.replay().get();
                        assertThat(List.of(again.transactionId(), again.kind(), again.points(), again.balanceAfter()))
                                .as("replay of " + first.receipt() + " after " + operations)
                                .isEqualTo(List.of(first.receipt().transactionId(), first.receipt().kind(), first.receipt().points(),
                                        first.receipt().balanceAfter()));
                    }
                    case Reuse reuse -> {
                        if (posted.isEmpty()) {
                            continue;
                        }
                        Posted first = posted.get(reuse.which() % posted.size());
                        model.lastAccepted = false;
                        try {
                            first.otherRequest().get();
                        } catch (DomainException refused) {
                            assertThat(refused.type()).as("reused key of " + first.receipt()).isEqualTo("idempotency-key-reused");
                            throw refused;
                        }
                        modelAccepts = false;
                    }
                }
                ledgerAccepted = true;
            } catch (DomainException refused) {
                modelAccepts = model.lastAccepted;
                ledgerAccepted = false;
            }
            assertThat(ledgerAccepted).as("ledger accepted " + op + " after " + operations).isEqualTo(modelAccepts);
            Instant now = Instant.now();
            var balance = queries.balance(member, "points");
            assertThat(balance.available()).as("available after " + op + " in " + operations).isEqualTo(model.available(now));
            assertThat(balance.pending()).as("pending after " + op + " in " + operations).isEqualTo(model.pending(now));
            assertThat(balance.ledgerBalance()).as("ledger balance after " + op).isEqualTo(model.ledgerBalance());
            assertThat(balance.owed()).as("owed after " + op).isEqualTo(model.owed);
            assertThat(balance.held()).as("held after " + op).isEqualTo(model.held());
            assertThat(queries.revivable(member, "points")).as("revivable after " + op + " in " + operations).isEqualTo(model.revivable());
            assertThat(balance.revivable()).as("the balance's revivable after " + op + " in " + operations).isEqualTo(model.revivable());
            assertThat(queries.lots(member, "points", false, null, CursorPage.MAX_SIZE).items().stream().map(LedgerQueries.Lot::remaining).toList())
                    .as("lots after " + op + " in " + operations).isEqualTo(model.remainingInSpendingOrder());
            assertThat(queries.balance(friend, "points").available()).as("receiver's points after " + op).isEqualTo(friendModel.available(now));
            assertThat(queries.lots(friend, "points", false, null, CursorPage.MAX_SIZE).items().stream().map(lot -> lot.expiresAt() + "=" + lot.remaining()).sorted().toList())
                    .as("receiver's lots after " + op + " in " + operations)
                    .isEqualTo(friendModel.lots.stream().map(lot -> lot.expiresAt + "=" + lot.remaining).sorted().toList());
            assertThat(reconciliation.check().violations()).as("after " + op).isEmpty();
        }
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    /** An accepted posting: its receipt, the same request again, and its key with another request. */
    record Posted(Receipt receipt, Supplier<Receipt> replay, Supplier<Receipt> otherRequest) {
    }

    /**
     * The reference: lots with an expiry, and what the member owes. Spends and holds remember what they took from which
     * lot (and, for spends, what they borrowed); a refund gives back to those lots, latest expiry first, and credits the
     * rest, which repays the loan first.
     */
    static final class Model {

        static final class Lot {
            final int seq;
            final Instant expiresAt;
            final boolean pending;
            long remaining;
            /** Booked out by expiry runs, and taken from that by spends of expired points (less their refunds). */
            long expired;
            long revived;

            Lot(int seq, long points, Instant expiresAt) {
                this(seq, points, expiresAt, false);
            }

            /** A pending lot stays pending for the whole sequence: its period is days, a sequence runs for seconds. */
            Lot(int seq, long points, Instant expiresAt, boolean pending) {
                this.seq = seq;
                this.remaining = points;
                this.expiresAt = expiresAt;
                this.pending = pending;
            }

            boolean expiredAt(Instant now) {
                return expiresAt != null && !expiresAt.isAfter(now);
            }
        }

        /** What a spend or a captured hold took: from which lots, how much was borrowed, and how much was refunded since. */
        static final class Taken {
            final Map<Lot, Long> lots;
            long borrowed;
            long refunded;

            Taken(Map<Lot, Long> lots, long borrowed) {
                this.lots = lots;
                this.borrowed = borrowed;
            }

            long points() {
                return lots.values().stream().mapToLong(Long::longValue).sum() + borrowed + refunded;
            }
        }

        /** A hold: what it took, whether it times out after three hours rather than one, and whether it is HELD, CAPTURED or RELEASED. */
        static final class Held {
            final Map<Lot, Long> lots;
            final long points;
            final boolean longTtl;
            String status = "HELD";

            Held(Map<Lot, Long> lots, long points, boolean longTtl) {
                this.lots = lots;
                this.points = points;
                this.longTtl = longTtl;
            }
        }

        /** An earn: its points, its lot (null if it all repaid a loan) and how much was clawed back since. */
        static final class Earned {
            final long points;
            final Lot lot;
            long clawedBack;

            Earned(long points, Lot lot) {
                this.points = points;
                this.lot = lot;
            }
        }

        static final Comparator<Lot> SPENDING_ORDER = Comparator
                .comparing((Lot l) -> l.expiresAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(l -> l.seq);

        final List<Lot> lots = new ArrayList<>();
        final List<Taken> spends = new ArrayList<>();
        final List<Held> holds = new ArrayList<>();
        final List<Earned> earns = new ArrayList<>();
        final List<Taken> expiredSpends = new ArrayList<>();
        long owed;
        boolean lastAccepted;

        /** Credits points: the loan is repaid first, the rest becomes a lot. */
        boolean credit(long points, Instant expiresAt) {
            creditLot(points, expiresAt, false);
            return lastAccepted = true;
        }

        boolean earn(long points, Instant expiresAt, boolean pending) {
            earns.add(new Earned(points, creditLot(points, expiresAt, pending)));
            return lastAccepted = true;
        }

        private Lot creditLot(long points, Instant expiresAt, boolean pending) {
            long repay = Math.min(owed, points);
            owed -= repay;
            if (points == repay) {
                return null;
            }
            Lot lot = new Lot(lots.size(), points - repay, expiresAt, pending);
            lots.add(lot);
            return lot;
        }

        /**
         * Takes back points of an earn: from its own lot first (pending or expired as it may be), the rest is owed (the
         * model's point type claws back NEGATIVE); never more than the earn gave in all.
         */
        boolean clawback(int which, long points) {
            Earned earn = earns.get(which);
            if (points > earn.points - earn.clawedBack) {
                return lastAccepted = false;
            }
            earn.clawedBack += points;
            long fromOwn = earn.lot == null ? 0 : Math.min(points, earn.lot.remaining);
            if (earn.lot != null) {
                earn.lot.remaining -= fromOwn;
            }
            owed += points - fromOwn;
            return lastAccepted = true;
        }

        /** Releases the open holds of an hour. */
        boolean timeOut() {
            for (int i = 0; i < holds.size(); i++) {
                if (!holds.get(i).longTtl && holds.get(i).status.equals("HELD")) {
                    release(i);
                }
            }
            return lastAccepted = true;
        }

        boolean spend(long points) {
            long available = open(Instant.now()).stream().mapToLong(l -> l.remaining).sum();
            if (points > available + Math.max(0, LOAN_LIMIT - owed)) {
                return lastAccepted = false;
            }
            long fromLots = Math.min(points, available);
            owed += points - fromLots;
            spends.add(new Taken(take(fromLots), points - fromLots));
            return lastAccepted = true;
        }

        boolean adjust(long points) {
            if (points > 0) {
                return credit(points, null);
            }
            return lastAccepted = takeAll(-points) != null;
        }

        boolean hold(long points, boolean longTtl) {
            var took = takeAll(points);
            if (took == null) {
                return lastAccepted = false;
            }
            holds.add(new Held(took, points, longTtl));
            return lastAccepted = true;
        }

        boolean capture(int which) {
            Held hold = holds.get(which);
            if (!hold.status.equals("HELD")) {
                return lastAccepted = false;
            }
            hold.status = "CAPTURED";
            spends.add(new Taken(hold.lots, 0));
            return lastAccepted = true;
        }

        boolean release(int which) {
            Held hold = holds.get(which);
            if (!hold.status.equals("HELD")) {
                return lastAccepted = false;
            }
            hold.status = "RELEASED";
            hold.lots.forEach((lot, points) -> lot.remaining += points);
            return lastAccepted = true;
        }

        /** The portions a transfer takes (each with its lot's expiry), or null if the points are not there. */
        List<Lot> transfer(long points) {
            var took = takeAll(points);
            lastAccepted = took != null;
            return took == null ? null : took.entrySet().stream().map(e -> new Lot(0, e.getValue(), e.getKey().expiresAt)).toList();
        }

        boolean refund(int which, long points) {
            Taken spend = spends.get(which);
            long refundable = spend.points() - spend.refunded;
            long amount = points == 0 ? refundable : points;
            if (amount <= 0 || amount > refundable) {
                return lastAccepted = false;
            }
            spend.refunded += amount;
            List<Lot> order = new ArrayList<>(spend.lots.keySet());
            order.sort(Comparator.comparing((Lot l) -> l.expiresAt, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
                    .thenComparing(l -> -l.seq));
            for (Lot lot : order) {
                long give = Math.min(amount, spend.lots.get(lot));
                lot.remaining += give;
                spend.lots.merge(lot, -give, Long::sum);
                amount -= give;
            }
            if (amount > 0) {
                // The borrowed part: it repays what is owed, or becomes points that never expire.
                spend.borrowed -= amount;
                credit(amount, null);
            }
            return lastAccepted = true;
        }

        boolean expire(Instant now) {
            lots.stream().filter(l -> l.expiredAt(now)).forEach(l -> {
                l.expired += l.remaining;
                l.remaining = 0;
            });
            return lastAccepted = true;
        }

        /** Points the expiry runs booked out and no festival spend took (every expiry here is within the year). */
        long revivable() {
            return lots.stream().mapToLong(l -> l.expired - l.revived).sum();
        }

        /** Takes booked-out points, earliest expiry first, all or nothing. */
        boolean spendExpired(long points) {
            if (revivable() < points) {
                return lastAccepted = false;
            }
            Map<Lot, Long> took = new java.util.LinkedHashMap<>();
            long left = points;
            for (Lot lot : lots.stream().filter(l -> l.expired > l.revived).sorted(SPENDING_ORDER).toList()) {
                long t = Math.min(left, lot.expired - lot.revived);
                if (t == 0) {
                    break;
                }
                lot.revived += t;
                took.put(lot, t);
                left -= t;
            }
            expiredSpends.add(new Taken(took, 0));
            return lastAccepted = true;
        }

        /** Gives a festival spend's points back to its lots as expired points, latest expiry first. */
        boolean refundExpired(int which, long points) {
            Taken spend = expiredSpends.get(which);
            long refundable = spend.lots.values().stream().mapToLong(Long::longValue).sum();
            long amount = points == 0 ? refundable : points;
            if (amount <= 0 || amount > refundable) {
                return lastAccepted = false;
            }
            List<Lot> order = new ArrayList<>(spend.lots.keySet());
            order.sort(Comparator.comparing((Lot l) -> l.expiresAt, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
                    .thenComparing(l -> -l.seq));
            for (Lot lot : order) {
                long give = Math.min(amount, spend.lots.get(lot));
                lot.revived -= give;
                spend.lots.merge(lot, -give, Long::sum);
                amount -= give;
            }
            return lastAccepted = true;
        }

        long available(Instant now) {
            return lots.stream().filter(l -> !l.expiredAt(now) && !l.pending).mapToLong(l -> l.remaining).sum();
        }

        long pending(Instant now) {
            return lots.stream().filter(l -> !l.expiredAt(now) && l.pending).mapToLong(l -> l.remaining).sum();
        }

        long held() {
            return holds.stream().filter(h -> h.status.equals("HELD")).mapToLong(h -> h.points).sum();
        }

        /** Every lot's remaining points, in the order the ledger lists lots: expiry (never last), then earning. */
        List<Long> remainingInSpendingOrder() {
            return lots.stream().sorted(SPENDING_ORDER).map(l -> l.remaining).toList();
        }

        long ledgerBalance() {
            return lots.stream().mapToLong(l -> l.remaining).sum() - owed;
        }

        private List<Lot> open(Instant now) {
            return lots.stream().filter(l -> l.remaining > 0 && !l.expiredAt(now) && !l.pending).sorted(SPENDING_ORDER).toList();
        }

        /** Takes {@code points} from the open lots, or nothing (null) if they hold fewer. */
        private Map<Lot, Long> takeAll(long points) {
            if (open(Instant.now()).stream().mapToLong(l -> l.remaining).sum() < points) {
                return null;
            }
            return take(points);
        }

        private Map<Lot, Long> take(long points) {
            Map<Lot, Long> took = new java.util.LinkedHashMap<>();
            long left = points;
            for (Lot lot : open(Instant.now())) {
                if (left == 0) {
                    break;
                }
                long t = Math.min(left, lot.remaining);
                lot.remaining -= t;
                took.put(lot, t);
                left -= t;
            }
            return took;
        }
    }
}
