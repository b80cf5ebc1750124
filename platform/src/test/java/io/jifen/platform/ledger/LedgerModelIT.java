package io.jifen.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.jifen.platform.JifenApplication;
import io.jifen.platform.api.ApiProblem;
import io.jifen.platform.member.Audience;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.NewMember;
import io.jifen.platform.onboarding.OnboardingService;
import io.jifen.platform.onboarding.SignupRequest;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.StackProperties;
import io.jifen.platform.support.TestStack;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Random sequences of earn, spend, refund, partial refund, expiry and adjustment against the real ledger, checked
 * after every step against a simple reference model of lots, and against the ledger's own reconciliation.
 */
class LedgerModelIT {

    private static ConfigurableApplicationContext context;
    private static UUID tenant;

    sealed interface Op permits Earn, Spend, Refund, Expire, Adjust {
    }

    /** {@code expiry}: 0 never, negative days in the past, positive days in the future. */
    record Earn(long points, int expiry) implements Op {
    }

    record Spend(long points) implements Op {
    }

    /** Refunds the {@code which}-th spend so far (modulo their number); {@code points} 0 means all that is left. */
    record Refund(int which, long points) implements Op {
    }

    record Expire() implements Op {
    }

    record Adjust(long points) implements Op {
    }

    @BeforeContainer
    static void start() {
        // Its own application (jqwik does not run inside Spring's test context), configured like every other test's.
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.io.jifen.access=WARN"));
        StackProperties.of(TestStack.get()).forEach((name, value) -> args.add("--" + name + "=" + value));
        context = new SpringApplicationBuilder(JifenApplication.class).run(args.toArray(String[]::new));
        String slug = Fixtures.uniqueSlug("model");
        tenant = context.getBean(OnboardingService.class).signUp(new SignupRequest(slug, "Model", "admin@" + slug + ".example.com",
                "Model", Fixtures.PASSWORD, null, null, null, null, null, null)).tenant().id();
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
                .flatMap(points -> Arbitraries.integers().between(-3, 3).map(expiry -> (Op) new Earn(points, expiry)));
        Arbitrary<Op> spend = Arbitraries.longs().between(1, 150).map(Spend::new);
        Arbitrary<Op> refund = Arbitraries.integers().between(0, 5)
                .flatMap(which -> Arbitraries.longs().between(0, 60).map(points -> (Op) new Refund(which, points)));
        Arbitrary<Op> adjust = Arbitraries.longs().between(-60, 60).filter(p -> p != 0).map(Adjust::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, earn), net.jqwik.api.Tuple.of(4, spend), net.jqwik.api.Tuple.of(2, refund),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Expire())), net.jqwik.api.Tuple.of(1, adjust));
        return op.list().ofMinSize(1).ofMaxSize(25);
    }

    private void run(List<Op> operations) {
        Ledger ledger = context.getBean(Ledger.class);
        LedgerQueries queries = context.getBean(LedgerQueries.class);
        LedgerReconciliation reconciliation = context.getBean(LedgerReconciliation.class);
        PointsExpiry expiry = context.getBean(PointsExpiry.class);
        UUID member = context.getBean(MemberDirectory.class)
                .create(new NewMember("model-" + UUID.randomUUID(), Audience.CONSUMER, null, null, null, null, null, null)).id();
        Model model = new Model();
        List<UUID> spends = new ArrayList<>();
        Instant base = Instant.now();
        for (Op op : operations) {
            boolean modelAccepts;
            boolean ledgerAccepted;
            try {
                switch (op) {
                    case Earn earn -> {
                        Instant expiresAt = earn.expiry() == 0 ? null : base.plus(Duration.ofDays(earn.expiry())).plusMillis(model.lots.size());
                        modelAccepts = model.earn(earn.points(), expiresAt);
                        ledger.earn(key(), new Ledger.Earn(member, "points", earn.points(), "model", null, expiresAt, null));
                    }
                    case Spend spend -> {
                        modelAccepts = model.spend(spends.size(), spend.points());
                        spends.add(ledger.spend(key(), new Ledger.Spend(member, "points", spend.points(), "model", null, null)).transactionId());
                    }
                    case Refund refund -> {
                        if (spends.isEmpty()) {
                            continue;
                        }
                        int which = refund.which() % spends.size();
                        modelAccepts = model.refund(which, refund.points());
                        ledger.refund(key(), new Ledger.Refund(spends.get(which), refund.points() == 0 ? null : refund.points(), null, null));
                    }
                    case Expire ignored -> {
                        modelAccepts = model.expire(Instant.now());
                        Instant now = Instant.now();
                        expiry.expire(expiry.dueWallets(now, new UUID(0, 0), 10_000), now);
                    }
                    case Adjust adjust -> {
                        modelAccepts = model.adjust(adjust.points());
                        ledger.adjust(key(), new Ledger.Adjust(member, "points", adjust.points(), "model", "model"));
                    }
                }
                ledgerAccepted = true;
            } catch (ApiProblem refused) {
                modelAccepts = model.lastAccepted;
                ledgerAccepted = false;
            }
            assertThat(ledgerAccepted).as("ledger accepted " + op + " after " + operations).isEqualTo(modelAccepts);
            var balance = queries.balance(member, "points");
            assertThat(balance.available()).as("available after " + op + " in " + operations).isEqualTo(model.available(Instant.now()));
            assertThat(balance.ledgerBalance()).as("ledger balance after " + op).isEqualTo(model.ledgerBalance());
            assertThat(queries.lots(member, "points", false).stream().map(LedgerQueries.Lot::remaining).toList())
                    .as("lots after " + op + " in " + operations).isEqualTo(model.remainingInSpendingOrder());
            assertThat(reconciliation.check().violations()).as("after " + op).isEmpty();
        }
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    /** The reference: lots with an expiry; spends remember what they took from which lot. */
    static final class Model {

        static final class Lot {
            final int seq;
            final Instant expiresAt;
            long remaining;

            Lot(int seq, long points, Instant expiresAt) {
                this.seq = seq;
                this.remaining = points;
                this.expiresAt = expiresAt;
            }

            boolean expiredAt(Instant now) {
                return expiresAt != null && !expiresAt.isAfter(now);
            }
        }

        static final Comparator<Lot> SPENDING_ORDER = Comparator
                .comparing((Lot l) -> l.expiresAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(l -> l.seq);

        final List<Lot> lots = new ArrayList<>();
        final List<Map<Lot, Long>> taken = new ArrayList<>();
        boolean lastAccepted;

        boolean earn(long points, Instant expiresAt) {
            lots.add(new Lot(lots.size(), points, expiresAt));
            return lastAccepted = true;
        }

        boolean spend(int index, long points) {
            var took = take(points);
            if (took == null) {
                return lastAccepted = false;
            }
            taken.add(took);
            return lastAccepted = true;
        }

        boolean adjust(long points) {
            if (points > 0) {
                return earn(points, null);
            }
            return lastAccepted = take(-points) != null;
        }

        boolean refund(int which, long points) {
            Map<Lot, Long> took = taken.get(which);
            long refundable = took.values().stream().mapToLong(Long::longValue).sum();
            long amount = points == 0 ? refundable : points;
            if (amount <= 0 || amount > refundable) {
                return lastAccepted = false;
            }
            List<Lot> order = new ArrayList<>(took.keySet());
            order.sort(Comparator.comparing((Lot l) -> l.expiresAt, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
                    .thenComparing(l -> -l.seq));
            for (Lot lot : order) {
                long give = Math.min(amount, took.get(lot));
                lot.remaining += give;
                took.merge(lot, -give, Long::sum);
                amount -= give;
            }
            return lastAccepted = true;
        }

        boolean expire(Instant now) {
            lots.stream().filter(l -> l.expiredAt(now)).forEach(l -> l.remaining = 0);
            return lastAccepted = true;
        }

        long available(Instant now) {
            return lots.stream().filter(l -> !l.expiredAt(now)).mapToLong(l -> l.remaining).sum();
        }

        /** Every lot's remaining points, in the order the ledger lists lots: expiry (never last), then earning. */
        List<Long> remainingInSpendingOrder() {
            return lots.stream().sorted(SPENDING_ORDER).map(l -> l.remaining).toList();
        }

        long ledgerBalance() {
            return lots.stream().mapToLong(l -> l.remaining).sum();
        }

        private Map<Lot, Long> take(long points) {
            Instant now = Instant.now();
            List<Lot> open = lots.stream().filter(l -> l.remaining > 0 && !l.expiredAt(now)).sorted(SPENDING_ORDER).toList();
            if (open.stream().mapToLong(l -> l.remaining).sum() < points) {
                return null;
            }
            Map<Lot, Long> took = new java.util.LinkedHashMap<>();
            long left = points;
            for (Lot lot : open) {
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
