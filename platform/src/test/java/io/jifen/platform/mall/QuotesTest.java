package io.jifen.platform.mall;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import io.jifen.platform.mall.Quotes.DeductionRule;
import io.jifen.platform.mall.Quotes.Payment;
import io.jifen.platform.mall.Quotes.PointValue;
import io.jifen.platform.mall.Quotes.Price;
import io.jifen.platform.mall.Quotes.Quote;
import io.jifen.platform.mall.Quotes.TierFee;
import io.jifen.platform.problem.DomainException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mall's price arithmetic: the seeds' examples as a table, then properties over any price, quantity, point value,
 * deduction ladder and tier fee. A failure prints its seed (see CONTRIBUTING.md for replaying it).
 */
class QuotesTest {

    static final PointValue CENT_A_POINT = new PointValue(1, 1);
    static final List<DeductionRule> LADDER = List.of(new DeductionRule(10_000, 50), new DeductionRule(30_000, 80));
    static final TierFee BRONZE = new TierFee("bronze", new BigDecimal("5"));

    // The seeds' arithmetic ------------------------------------------------------------------------------------------

    @Example
    void aFiftyYuanItemCostsFiveThousandPointsAtOnePointACent() {
        Quote quote = Quotes.quote(new Price(Payment.POINTS, 5_000, 0), 1, CENT_A_POINT, LADDER, null, null);

        assertThat(quote.points()).isEqualTo(5_000);
        assertThat(quote.cashFen()).isZero();
        assertThat(quote.lines()).extracting(Quotes.Line::kind).containsExactly("BASE_PRICE");
    }

    @Example
    void aFiftyYuanItemCostsThreeThousandPointsAndTwentyYuanAsPointsAndCash() {
        Quote quote = Quotes.quote(new Price(Payment.POINTS_AND_CASH, 5_000, 2_000), 1, CENT_A_POINT, LADDER, null, null);

        assertThat(quote.points()).isEqualTo(3_000);
        assertThat(quote.cashFen()).isEqualTo(2_000);
    }

    @Example
    void aHundredYuanOrderMayPayHalfWithPointsAndAThreeHundredYuanOrderEightyPercent() {
        Quote hundred = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, 10_000, 0), 1, CENT_A_POINT, LADDER, null, null);
        Quote threeHundred = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, 10_000, 0), 3, CENT_A_POINT, LADDER, null, null);

        assertThat(List.of(hundred.points(), hundred.cashFen())).containsExactly(5_000L, 5_000L);
        assertThat(hundred.deductionRule()).isEqualTo(new DeductionRule(10_000, 50));
        assertThat(List.of(threeHundred.points(), threeHundred.cashFen())).containsExactly(24_000L, 6_000L);
        assertThat(threeHundred.lines()).extracting(Quotes.Line::detail)
                .anyMatch(line -> line.startsWith("orders of at least ¥300.00 may pay up to 80 % with points: at most ¥240.00 of ¥300.00"));
        assertThat(threeHundred.lines()).extracting(Quotes.Line::reason, Quotes.Line::args).containsExactly(
                org.assertj.core.groups.Tuple.tuple("price.cash", List.of("3", "¥100.00", "¥300.00")),
                org.assertj.core.groups.Tuple.tuple("deduction", List.of("¥300.00", "80", "¥240.00", "¥300.00", "24000", "¥240.00")));
    }

    @Example
    void anOrderBelowTheFirstThresholdIsAllCashAndOneJustBelowTheSecondGetsTheFirstRuleRoundedDownToTheFen() {
        Quote small = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, 9_999, 0), 1, CENT_A_POINT, LADDER, null, null);
        Quote below = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, 29_999, 0), 1, CENT_A_POINT, LADDER, null, null);

        assertThat(List.of(small.points(), small.cashFen())).containsExactly(0L, 9_999L);
        assertThat(small.deductionRule()).isNull();
        assertThat(List.of(below.points(), below.cashFen())).as("50 % of ¥299.99 is ¥149.99 at most").containsExactly(14_999L, 15_000L);
    }

    @Example
    void aBronzeMemberPaysAFivePercentFeeInPointsOnThePointsOnly() {
        Quote points = Quotes.quote(new Price(Payment.POINTS, 5_000, 0), 1, CENT_A_POINT, LADDER, BRONZE, null);
        Quote mixed = Quotes.quote(new Price(Payment.POINTS_AND_CASH, 5_000, 2_000), 1, CENT_A_POINT, LADDER, BRONZE, null);
        Quote smallFee = Quotes.quote(new Price(Payment.POINTS, 10, 0), 1, CENT_A_POINT, LADDER, BRONZE, null);
        Quote cashOnly = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, 5_000, 0), 1, CENT_A_POINT, LADDER, BRONZE, null);

        assertThat(points.points()).isEqualTo(5_250);
        assertThat(points.feePoints()).isEqualTo(250);
        assertThat(List.of(mixed.points(), mixed.cashFen())).containsExactly(3_150L, 2_000L);
        assertThat(smallFee.points()).as("5 % of 10 points is half a point, rounded up").isEqualTo(11);
        assertThat(cashOnly.feePoints()).as("no points, no fee").isZero();
        assertThat(points.lines()).extracting(Quotes.Line::kind).containsExactly("BASE_PRICE", "TIER_FEE");
    }

    @Example
    void pointsRoundUpToAWholePointOnTheOrderNotPerUnit() {
        PointValue threeCents = new PointValue(1, 3);

        Quote one = Quotes.quote(new Price(Payment.POINTS, 100, 0), 1, threeCents, List.of(), null, null);
        Quote three = Quotes.quote(new Price(Payment.POINTS, 100, 0), 3, threeCents, List.of(), null, null);

        assertThat(one.points()).isEqualTo(34);
        assertThat(three.points()).as("¥3 is exactly 100 points").isEqualTo(100);
    }

    @Example
    void aDeductionChargesOnlyPointsThatBuyWholeFen() {
        PointValue tenthOfACent = new PointValue(10, 1);

        Quote quote = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, 10_005, 0), 1, tenthOfACent, LADDER, null, 50_015L);

        assertThat(quote.deductedFen()).isEqualTo(5_001);
        assertThat(quote.points()).as("the 5 points worth half a fen are not taken").isEqualTo(50_010);
        assertThat(quote.cashFen()).isEqualTo(5_004);
    }

    @Example
    void moreDeductionPointsThanTheRuleAllowsAndAHugeQuantityAre400sNamingTheField() {
        assertThatThrownBy(() -> Quotes.quote(new Price(Payment.CASH_WITH_POINTS, 10_000, 0), 1, CENT_A_POINT, LADDER, null, 5_001L))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("points"));
        assertThatThrownBy(() -> Quotes.quote(new Price(Payment.POINTS, 100_000_000, 0), Long.MAX_VALUE / 1_000, CENT_A_POINT, LADDER, null, null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("quantity"));
    }

    // Properties -----------------------------------------------------------------------------------------------------

    @Property(tries = 2_000)
    void aQuoteNeverChargesANegativeAmountCoversThePriceWithinAPointAndKeepsToTheDeductionCap(
            @ForAll("prices") Price price, @ForAll @LongRange(min = 1, max = 1_000) long quantity, @ForAll("values") PointValue value,
            @ForAll("ladders") List<DeductionRule> rules, @ForAll("fees") TierFee fee) {
        Quote quote = Quotes.quote(price, quantity, value, rules, fee, null);

        BigInteger order = BigInteger.valueOf(price.priceFen()).multiply(BigInteger.valueOf(quantity));
        long pricePoints = quote.points() - quote.feePoints();
        assertThat(quote.points()).isNotNegative();
        assertThat(quote.cashFen()).isNotNegative();
        assertThat(quote.feePoints()).isNotNegative();
        assertThat(quote.orderFen()).isEqualTo(order.longValueExact());
        // points * value + cash >= price, compared in fractions of a fen: points * anchorFen / anchorPoints.
        BigInteger paidTimesAnchor = BigInteger.valueOf(pricePoints).multiply(BigInteger.valueOf(value.anchorFen()))
                .add(BigInteger.valueOf(quote.cashFen()).multiply(BigInteger.valueOf(value.anchorPoints())));
        BigInteger orderTimesAnchor = order.multiply(BigInteger.valueOf(value.anchorPoints()));
        assertThat(paidTimesAnchor).as("points and cash cover the price").isGreaterThanOrEqualTo(orderTimesAnchor);
        if (pricePoints > 0) {
            assertThat(paidTimesAnchor.subtract(BigInteger.valueOf(value.anchorFen()))).as("one point fewer would not").isLessThan(orderTimesAnchor);
        }
        assertThat(quote.lines().stream().mapToLong(Quotes.Line::points).sum()).as("the lines add up").isEqualTo(quote.points());
        assertThat(quote.lines().stream().mapToLong(Quotes.Line::cashFen).sum()).isEqualTo(quote.cashFen());
        if (price.payment() == Payment.CASH_WITH_POINTS) {
            DeductionRule rule = Quotes.ruleFor(rules, quote.orderFen());
            long cap = rule == null ? 0 : order.multiply(BigInteger.valueOf(rule.maxPercent())).divide(BigInteger.valueOf(100)).longValueExact();
            assertThat(quote.deductedFen()).as("the deduction cap").isLessThanOrEqualTo(cap);
            assertThat(BigInteger.valueOf(pricePoints).multiply(BigInteger.valueOf(value.anchorFen())))
                    .as("the points are worth no more than the cap").isLessThanOrEqualTo(BigInteger.valueOf(cap).multiply(BigInteger.valueOf(value.anchorPoints())));
        }
        if (fee.percent() != null && pricePoints > 0) {
            BigDecimal exact = BigDecimal.valueOf(pricePoints).multiply(fee.percent()).movePointLeft(2);
            assertThat(BigDecimal.valueOf(quote.feePoints())).as("the fee, rounded up").isGreaterThanOrEqualTo(exact)
                    .isLessThan(exact.add(BigDecimal.ONE));
        }
    }

    @Property(tries = 1_000)
    void aMemberWhoChoosesFewerDeductionPointsPaysTheRestInCashAndNeverMorePointsThanChosen(
            @ForAll @LongRange(min = 1, max = 10_000_000) long priceFen, @ForAll("values") PointValue value, @ForAll("ladders") List<DeductionRule> rules,
            @ForAll @LongRange(min = 0, max = 1_000_000_000) long wanted) {
        Quote most = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, priceFen, 0), 1, value, rules, null, null);
        long mostPoints = Quotes.ruleFor(rules, priceFen) == null ? 0
                : Math.multiplyExact(priceFen * Quotes.ruleFor(rules, priceFen).maxPercent() / 100, value.anchorPoints()) / value.anchorFen();
        long chosen = Math.min(wanted, mostPoints);

        Quote quote = Quotes.quote(new Price(Payment.CASH_WITH_POINTS, priceFen, 0), 1, value, rules, null, chosen);

        assertThat(quote.points()).isLessThanOrEqualTo(chosen).isLessThanOrEqualTo(most.points());
        assertThat(quote.cashFen()).isGreaterThanOrEqualTo(most.cashFen()).isEqualTo(priceFen - quote.deductedFen());
    }

    @Provide
    Arbitrary<Price> prices() {
        Arbitrary<Long> fen = Arbitraries.longs().between(1, 100_000_000);
        return Arbitraries.oneOf(
                fen.map(p -> new Price(Payment.POINTS, p, 0)),
                fen.filter(p -> p > 1).flatMap(p -> Arbitraries.longs().between(1, p - 1).map(c -> new Price(Payment.POINTS_AND_CASH, p, c))),
                fen.map(p -> new Price(Payment.CASH_WITH_POINTS, p, 0)));
    }

    @Provide
    Arbitrary<PointValue> values() {
        return Combinators.combine(Arbitraries.of(1L, 1L, 2L, 3L, 10L, 100L, 7L), Arbitraries.of(1L, 1L, 3L, 10L, 100L, 7L)).as(PointValue::new);
    }

    @Provide
    Arbitrary<List<DeductionRule>> ladders() {
        return Combinators.combine(Arbitraries.longs().between(0, 50_000), Arbitraries.integers().between(0, 100),
                        Arbitraries.longs().between(1, 100_000), Arbitraries.integers().between(0, 100))
                .as((first, percent, step, more) -> List.of(new DeductionRule(first, percent), new DeductionRule(first + step, Math.max(percent, more))))
                .flatMap(ladder -> Arbitraries.of(List.<DeductionRule>of(), ladder.subList(0, 1), ladder));
    }

    @Provide
    Arbitrary<TierFee> fees() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.valueOf(100)).ofScale(2).injectNull(0.3)
                .map(percent -> new TierFee("t", percent));
    }
}
