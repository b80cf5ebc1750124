package io.jifen.billing.internal.rating;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jifen.billing.Plan;
import io.jifen.billing.Subscription;
import io.jifen.billing.Usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Billing's arithmetic as tables: integer fen, rounded once at the line, half up (away from zero). */
class RatingTest {

    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    @ParameterizedTest(name = "{0} / {1} = {2}")
    @CsvSource({
            // numerator, denominator, rounded
            "10, 4, 3",       // 2.5 -> 3
            "-10, 4, -3",     // -2.5 -> -3 (away from zero)
            "9, 4, 2",        // 2.25 -> 2
            "11, 4, 3",       // 2.75 -> 3
            "-9, 4, -2",
            "0, 7, 0",
            "1, 3, 0",        // 0.33 -> 0
            "2, 3, 1",        // 0.67 -> 1
            "9223372036854775807, 2, 4611686018427387904"})
    void roundsHalfUpAwayFromZero(long numerator, long denominator, long rounded) {
        assertThat(Money.roundHalfUp(numerator, denominator)).isEqualTo(rounded);
    }

    @ParameterizedTest(name = "{0} fen at {1} bp = {2}")
    @CsvSource({
            "10000, 600, 600",     // 6 % VAT of 100.00 yuan
            "12345, 600, 741",     // 740.7 -> 741
            "12341, 600, 740",     // 740.46 -> 740
            "250, 200, 5",         // 2 % of 2.50 yuan = 5 fen exactly
            "25, 200, 1",          // 0.5 fen -> 1
            "-25, 200, -1",        // a refund's 0.5 fen -> -1
            "99999, 150, 1500",    // 1499.985 -> 1500
            "1, 10000, 1",
            "0, 600, 0"})
    void basisPointsOfAnAmount(long amount, int bp, long expected) {
        assertThat(Money.basisPoints(amount, bp)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} fen for {1}/{2} days = {3}")
    @CsvSource({
            "99900, 30, 30, 99900",
            "99900, 15, 30, 49950",
            "99900, 1, 31, 3223",    // 3222.58 -> 3223
            "99900, 10, 31, 32226",  // 32225.8 -> 32226
            "99900, 14, 28, 49950",  // February
            "100, 1, 3, 33",
            "100, 2, 3, 67",
            "99900, 0, 30, 0"})
    void proratesByDay(long monthly, long days, long daysInMonth, long expected) {
        assertThat(Money.prorate(monthly, days, daysInMonth)).isEqualTo(expected);
    }

    @Test
    void overflowFailsInsteadOfWrapping() {
        assertThatThrownBy(() -> Money.basisPoints(Long.MAX_VALUE / 2, 600)).isInstanceOf(ArithmeticException.class);
    }

    private static Plan plan(String code, int version, long base, long included, long overage, int serviceBp, int marginBp, long notification) {
        return new Plan(code, version, code + " plan", base, included, overage, serviceBp, marginBp, notification, 600, Instant.EPOCH);
    }

    private static final Plan BASIC = plan("basic", 1, 99_900, 1_000, 10, 200, 500, 5);
    private static final Plan PRO = plan("pro", 1, 299_900, 10_000, 5, 100, 300, 3);

    private static Subscription sub(Plan plan, String from, String to, String trialEnds) {
        return new Subscription(UUID.randomUUID(), TENANT, plan.code(), plan.version(), LocalDate.parse(from), to == null ? null : LocalDate.parse(to),
                trialEnds == null ? null : LocalDate.parse(trialEnds));
    }

    private static List<Rating.Rated> rate(String month, List<Subscription> subs, long active, List<UsageOfDay> usage) {
        return Rating.rate(YearMonth.parse(month), subs, s -> s.planCode().equals("pro") ? PRO : BASIC, active, usage);
    }

    /** The month's lines as "KIND amount tax" (adjustments prefixed "ADJ "). */
    private static List<String> summary(List<Rating.Rated> lines) {
        List<String> out = new ArrayList<>();
        for (Rating.Rated line : lines) {
            out.add((line.adjustment() ? "ADJ " : "") + line.kind() + " " + line.amountFen() + " " + line.taxFen());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | month | subscriptions (plan:from:to:trialEnds, ';' between) | active members | expected lines (';' between)
            "whole month | 2026-11 | basic:2026-01-01::: | 900 | BASE_FEE 99900 5994",
            "started mid-month: 16/30 days | 2026-11 | basic:2026-11-15::: | 0 | BASE_FEE 53280 3197",
            "trial ends on the 21st: 10 paid days | 2026-11 | basic:2026-11-01::2026-11-21: | 0 | BASE_FEE 33300 1998",
            "trial the whole month | 2026-11 | basic:2026-11-01::2026-12-15: | 0 | BASE_FEE 0 0",
            "changed to pro on the 11th of a 31-day month: 10 + 21 days | 2026-12 | basic:2026-01-01:2026-12-11:;pro:2026-12-11::: | 0 | BASE_FEE 32226 1934;BASE_FEE 203158 12189",
            "ended on the 5th: 4 days | 2026-11 | basic:2026-01-01:2026-11-05:: | 0 | BASE_FEE 13320 799",
            "overage at the month-end plan | 2026-12 | basic:2026-01-01:2026-12-11:;pro:2026-12-11::: | 10003 | BASE_FEE 32226 1934;BASE_FEE 203158 12189;OVERAGE 15 1",
            "overage on basic: 250 beyond 1000 at 0.10 | 2026-11 | basic:2026-01-01::: | 1250 | BASE_FEE 99900 5994;OVERAGE 2500 150"})
    void subscriptionsAndMembers(String name, String month, String subscriptions, long active, String expected) {
        List<Subscription> subs = new ArrayList<>();
        for (String s : subscriptions.split(";")) {
            String[] p = s.split(":", -1);
            subs.add(sub(p[0].equals("pro") ? PRO : BASIC, p[1], p[2].isEmpty() ? null : p[2], p[3].isEmpty() ? null : p[3]));
        }
        assertThat(summary(rate(month, subs, active, List.of()))).containsExactly(expected.split(";"));
    }

    @Test
    void usageIsRatedAtThePlanOfItsDayAndLateUsageBecomesAdjustments() {
        List<Subscription> subs = List.of(sub(BASIC, "2026-01-01", "2026-12-11", null), sub(PRO, "2026-12-11", null, null));
        List<UsageOfDay> usage = List.of(
                // December on basic (2 % service, 5 % margin): 1,000.00 yuan redeemed, 600.00 of goods, a 12.34 refund
                new UsageOfDay(LocalDate.parse("2026-12-03"), Usage.Kind.REDEMPTION, 100_000, 60_000, 0),
                new UsageOfDay(LocalDate.parse("2026-12-05"), Usage.Kind.REFUND, -1_234, 0, 0),
                new UsageOfDay(LocalDate.parse("2026-12-06"), Usage.Kind.NOTIFICATION, 0, 0, 7),
                // December on pro (1 %, 3 %)
                new UsageOfDay(LocalDate.parse("2026-12-20"), Usage.Kind.REDEMPTION, 33_333, 10_001, 0),
                // November's, arriving after November was invoiced: an adjustment at basic's rates
                new UsageOfDay(LocalDate.parse("2026-11-30"), Usage.Kind.REDEMPTION, 5_025, 0, 0));
        assertThat(summary(rate("2026-12", subs, 0, usage))).containsExactly(
                "BASE_FEE 32226 1934",
                // 2,999.00 x 21 / 31 = 2,031.5806 -> 2,031.58; its 6 % tax 121.8948 -> 121.89
                "BASE_FEE 203158 12189",
                // 2 % of 987.66 = 19.7532 -> 19.75; 6 % tax of 19.75 = 1.185 -> 1.19
                "SERVICE_FEE 1975 119",
                "GOODS_COST 60000 0",
                "GOODS_MARGIN 3000 180",
                "NOTIFICATIONS 35 2",
                // 1 % of 333.33 = 3.3333 -> 3.33; 3 % of 100.01 = 3.0003 -> 3.00
                "SERVICE_FEE 333 20",
                "GOODS_COST 10001 0",
                "GOODS_MARGIN 300 18",
                // 2 % of 50.25 = 1.005 -> 1.01 (half up)
                "ADJ SERVICE_FEE 101 6");
    }
}
