package io.jifen.platform.mall;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;

/**
 * The price arithmetic of the mall, without a database: what a member pays in points and cash for a quantity of an
 * item, and why, line by line. All of it is exact integer arithmetic (a result beyond a long is a 400 naming the
 * quantity, never a wrapped number). How it rounds, and why:
 *
 * <ul>
 *   <li>Money turned into points rounds <b>up</b> to a whole point: a point is indivisible and the member never pays
 *   less than the price (at 1 point = ¥0.03 a ¥1 item costs 34 points, not 33). The rounding is done once on the
 *   order's total, never per unit, so a quantity never costs more than its price needs.</li>
 *   <li>Points used for a deduction buy whole fen only: the member is charged the fewest points that buy the fen
 *   deducted, never points for a fraction of a fen. The deduction cap rounds <b>down</b> to the fen (50 % of ¥299.99
 *   is ¥149.99), so points never cover more of the order than the rule allows.</li>
 *   <li>The tier's redemption fee (兑换手续费, e.g. bronze 5 %) is a percentage of the points the redemption spends,
 *   charged in points on top of them and rounded <b>up</b> to a whole point (不足1积分按1积分计), like a bank's fee. It
 *   is no part of the price: cash is never charged a fee, and the fee does not count against a deduction cap. A
 *   redemption without points has no fee.</li>
 * </ul>
 */
public final class Quotes {

    /** How an item is paid. */
    public enum Payment {
        /** All in points, at the point type's value: 纯积分. */
        POINTS,
        /** A fixed cash part per unit and the rest in points: 积分+现金 (3,000 points + ¥20 for a ¥50 item). */
        POINTS_AND_CASH,
        /** A cash price of which points may pay a part, as the tenant's tiered deduction rules allow: 积分抵扣. */
        CASH_WITH_POINTS
    }

    /** What a point is worth: {@code anchorPoints} points = {@code anchorFen} fen (the point type's value anchor). */
    public record PointValue(long anchorPoints, long anchorFen) {

        public PointValue {
            if (anchorPoints < 1 || anchorFen < 1) {
                throw new IllegalArgumentException("a point value needs a positive number of points and of fen");
            }
        }

        /** The fewest whole points worth at least {@code fen}. */
        long pointsFor(long fen) {
            return ceilDiv(multiply(fen, anchorPoints), anchorFen);
        }

        /** The whole fen that {@code points} are worth (a fraction of a fen left over buys nothing). */
        long fenOf(long points) {
            return multiply(points, anchorFen) / anchorPoints;
        }
    }

    /** A tiered deduction rule: orders of at least {@code minOrderFen} may pay up to {@code maxPercent} % with points. */
    public record DeductionRule(long minOrderFen, int maxPercent) {
    }

    /** The price of one unit: its value in fen and, for {@link Payment#POINTS_AND_CASH}, the cash part of it. */
    public record Price(Payment payment, long priceFen, long cashFen) {
    }

    /** The member's tier fee: the tier's code and its percentage (null or zero: no fee). */
    public record TierFee(String tier, @Nullable BigDecimal percent) {
    }

    /**
     * One line of a quote: what it is, the points and cash it adds, and why: in English words ({@code detail}) and as a
     * {@code reason} code with its {@code args} (plain numbers and ¥ amounts, in order), for a page to say in its own
     * language. The codes: {@code price.points} (quantity, unit price, order, anchor points, anchor ¥),
     * {@code price.points-and-cash} (quantity, points part of a unit, cash part of a unit, order, anchor points, anchor ¥),
     * {@code price.cash} (quantity, unit price, order), {@code price.in-points} (quantity, unit points),
     * {@code deduction} (rule's minimum order, rule's percent, cap, order, points, what they pay) and
     * {@code tier-fee} (tier, percent, points).
     */
    public record Line(String kind, long points, long cashFen, String detail, String reason, List<String> args) {

        public Line {
            args = List.copyOf(args);
        }
    }

    /**
     * What the member pays: {@code points} (the fee included) and {@code cashFen}, for an order worth {@code orderFen};
     * {@code deductedFen} is what the points pay of it. The lines add up to the totals.
     */
    public record Quote(long orderFen, long points, long cashFen, long deductedFen, long feePoints, @Nullable DeductionRule deductionRule,
                        List<Line> lines) {
    }

    private Quotes() {
    }

    /**
     * The quote for {@code quantity} units. {@code requestedPoints} is, for {@link Payment#CASH_WITH_POINTS} only, how
     * many points the member wants to use (null: as many as the rule allows); more than the rule allows is a 400 naming
     * {@code points}.
     */
    public static Quote quote(Price price, long quantity, PointValue value, List<DeductionRule> rules, @Nullable TierFee fee,
                              @Nullable Long requestedPoints) {
        if (quantity < 1) {
            throw DomainException.invalidField("quantity", "must be at least 1");
        }
        try {
            return priced(price, quantity, value, rules, fee, requestedPoints);
        } catch (ArithmeticException tooLarge) {
            throw DomainException.invalidField("quantity", "the order's price is beyond what can be counted");
        }
    }

    private static Quote priced(Price price, long quantity, PointValue value, List<DeductionRule> rules, @Nullable TierFee fee,
                                @Nullable Long requestedPoints) {
        long orderFen = multiply(price.priceFen(), quantity);
        List<Line> lines = new ArrayList<>();
        long points;
        long cash;
        long deducted;
        DeductionRule applied = null;
        switch (price.payment()) {
            case POINTS -> {
                points = value.pointsFor(orderFen);
                cash = 0;
                deducted = orderFen;
                lines.add(new Line("BASE_PRICE", points, 0, quantity + " x " + yuan(price.priceFen()) + " = " + yuan(orderFen) + " in points at "
                        + value.anchorPoints() + " point(s) = " + yuan(value.anchorFen()) + ", rounded up to a whole point", "price.points",
                        args(quantity, yuan(price.priceFen()), yuan(orderFen), value.anchorPoints(), yuan(value.anchorFen()))));
            }
            case POINTS_AND_CASH -> {
                cash = multiply(price.cashFen(), quantity);
                deducted = orderFen - cash;
                points = value.pointsFor(deducted);
                lines.add(new Line("BASE_PRICE", points, cash, quantity + " x (" + yuan(price.priceFen() - price.cashFen()) + " in points + "
                        + yuan(price.cashFen()) + " cash) = " + yuan(orderFen) + ", points at " + value.anchorPoints() + " point(s) = "
                        + yuan(value.anchorFen()) + ", rounded up to a whole point", "price.points-and-cash",
                        args(quantity, yuan(price.priceFen() - price.cashFen()), yuan(price.cashFen()), yuan(orderFen), value.anchorPoints(),
                                yuan(value.anchorFen()))));
            }
            case CASH_WITH_POINTS -> {
                lines.add(new Line("BASE_PRICE", 0, orderFen, quantity + " x " + yuan(price.priceFen()) + " = " + yuan(orderFen) + " cash",
                        "price.cash", args(quantity, yuan(price.priceFen()), yuan(orderFen))));
                applied = ruleFor(rules, orderFen);
                long capFen = applied == null ? 0 : multiply(orderFen, applied.maxPercent()) / 100;
                long mostPoints = multiply(capFen, value.anchorPoints()) / value.anchorFen();
                if (requestedPoints != null && (requestedPoints < 0 || requestedPoints > mostPoints)) {
                    throw DomainException.invalidField("points", "from 0 to " + mostPoints + " for this order"
                            + (applied == null ? " (no deduction rule reaches " + yuan(orderFen) + ")" : " (" + describe(applied) + ")"));
                }
                deducted = value.fenOf(requestedPoints == null ? mostPoints : requestedPoints);
                points = value.pointsFor(deducted);
                cash = orderFen - deducted;
                if (applied != null) {
                    lines.add(new Line("DEDUCTION", points, -deducted, describe(applied) + ": at most " + yuan(capFen) + " of " + yuan(orderFen)
                            + "; " + points + " points pay " + yuan(deducted), "deduction",
                            args(yuan(applied.minOrderFen()), applied.maxPercent(), yuan(capFen), yuan(orderFen), points, yuan(deducted))));
                }
            }
            default -> throw new IllegalStateException("unknown payment " + price.payment());
        }
        long feePoints = fee(fee, points, lines);
        return new Quote(orderFen, Math.addExact(points, feePoints), cash, deducted, feePoints, applied, List.copyOf(lines));
    }

    /**
     * The quote for {@code quantity} units priced in points only ({@code unitPoints} each, as the tenant priced a hub
     * SKU of its selection): no money value, so {@code orderFen} and {@code deductedFen} are 0; the tier fee applies.
     */
    public static Quote inPoints(long unitPoints, long quantity, @Nullable TierFee fee) {
        if (quantity < 1) {
            throw DomainException.invalidField("quantity", "must be at least 1");
        }
        try {
            long points = multiply(unitPoints, quantity);
            List<Line> lines = new ArrayList<>();
            lines.add(new Line("BASE_PRICE", points, 0, quantity + " x " + unitPoints + " points", "price.in-points", args(quantity, unitPoints)));
            long feePoints = fee(fee, points, lines);
            return new Quote(0, Math.addExact(points, feePoints), 0, 0, feePoints, null, List.copyOf(lines));
        } catch (ArithmeticException tooLarge) {
            throw DomainException.invalidField("quantity", "the order's price is beyond what can be counted");
        }
    }

    /** The tier's fee on {@code points}, added to {@code lines}; 0 without a fee or without points. */
    private static long fee(@Nullable TierFee fee, long points, List<Line> lines) {
        if (fee == null || fee.percent() == null || fee.percent().signum() <= 0 || points == 0) {
            return 0;
        }
        long feePoints = BigDecimal.valueOf(points).multiply(fee.percent()).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).longValueExact();
        lines.add(new Line("TIER_FEE", feePoints, 0, "redemption fee of tier " + fee.tier() + ": " + fee.percent().stripTrailingZeros().toPlainString()
                + " % of " + points + " points, rounded up to a whole point", "tier-fee",
                args(fee.tier(), fee.percent().stripTrailingZeros().toPlainString(), points)));
        return feePoints;
    }

    private static List<String> args(Object... values) {
        return java.util.Arrays.stream(values).map(String::valueOf).toList();
    }

    /** The rule with the highest threshold the order reaches, or null. */
    static @Nullable DeductionRule ruleFor(List<DeductionRule> rules, long orderFen) {
        return rules.stream().filter(rule -> orderFen >= rule.minOrderFen()).max(Comparator.comparingLong(DeductionRule::minOrderFen)).orElse(null);
    }

    static String describe(DeductionRule rule) {
        return "orders of at least " + yuan(rule.minOrderFen()) + " may pay up to " + rule.maxPercent() + " % with points";
    }

    /** Fen as yuan, e.g. ¥299.99. */
    static String yuan(long fen) {
        return (fen < 0 ? "-¥" : "¥") + Math.abs(fen / 100) + "." + String.format("%02d", Math.abs(fen % 100));
    }

    private static long multiply(long a, long b) {
        return Math.multiplyExact(a, b);
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
