package io.jifen.billing.internal.rating;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.jifen.billing.Invoice;
import io.jifen.billing.Plan;
import io.jifen.billing.Subscription;
import io.jifen.billing.Usage;

/**
 * Rates a tenant's month: integer fen throughout, each line rounded once, half up ({@link Money}).
 * <ul>
 * <li>BASE_FEE, one line per subscription in the month: the plan's monthly fee prorated by the days it ran (trial days
 * free) over the days of the month.</li>
 * <li>OVERAGE: active members beyond the plan's included ones, at the plan running on the month's last subscribed day.</li>
 * <li>Usage, at the plan running on the day it occurred: SERVICE_FEE (basis points of redemption value, refunds
 * negative), GOODS_COST (supplier goods cost passed through, no tax here: the goods' VAT is on the supplier's invoice),
 * GOODS_MARGIN (basis points of the goods cost), NOTIFICATIONS (a price per notification). Usage of an earlier month
 * (late: it arrived after that month was invoiced) becomes adjustment lines of the same kinds.</li>
 * </ul>
 * Tax is the plan's rate on each service line, rounded half up at the line.
 */
public final class Rating {

    /** A line before it is numbered. */
    public record Rated(String kind, boolean adjustment, String description, long quantity, long amountFen, long taxFen) {

        public Invoice.Line numbered(int lineNo) {
            return new Invoice.Line(lineNo, kind, adjustment, description, quantity, amountFen, taxFen);
        }
    }

    private Rating() {
    }

    /**
     * @param subscriptions every subscription of the tenant (usage of an earlier month is rated at the plan of its day)
     * @param plans         the plan versions they name
     */
    public static List<Rated> rate(YearMonth period, List<Subscription> subscriptions, Function<Subscription, Plan> plans, long activeMembers,
                                   List<UsageOfDay> usage) {
        LocalDate first = period.atDay(1);
        LocalDate end = period.plusMonths(1).atDay(1);
        int daysInMonth = period.lengthOfMonth();
        List<Subscription> sorted = subscriptions.stream().sorted(Comparator.comparing(Subscription::startsOn)).toList();
        List<Rated> lines = new ArrayList<>();
        Subscription lastInMonth = null;
        for (Subscription s : sorted) {
            LocalDate from = later(s.startsOn(), first);
            LocalDate to = s.endsOn() == null ? end : earlier(s.endsOn(), end);
            if (!from.isBefore(to)) {
                continue;
            }
            lastInMonth = s;
            Plan plan = plans.apply(s);
            long days = ChronoUnit.DAYS.between(from, to);
            LocalDate paidFrom = s.trialEndsOn() == null ? from : later(from, earlier(s.trialEndsOn(), to));
            long paidDays = ChronoUnit.DAYS.between(paidFrom, to);
            long amount = Money.prorate(plan.baseFeeFen(), paidDays, daysInMonth);
            String trial = paidDays < days ? ", 试用 trial " + (days - paidDays) + " 天 days free" : "";
            lines.add(service(plan, "BASE_FEE", false, "基础月费 Base fee · " + plan.name() + " v" + plan.version() + " · " + paidDays + "/"
                    + daysInMonth + " 天 days" + trial, paidDays, amount));
        }
        if (lastInMonth != null) {
            Plan plan = plans.apply(lastInMonth);
            long over = Math.max(0, activeMembers - plan.includedMembers());
            if (over > 0) {
                lines.add(service(plan, "OVERAGE", false, "超额活跃会员 Active members beyond " + plan.includedMembers() + " included: " + over + " × "
                        + Money.yuan(plan.overageFenPerMember()), over, Math.multiplyExact(over, plan.overageFenPerMember())));
            }
        }
        lines.addAll(rateUsage(first, sorted, plans, usage));
        return lines;
    }

    private record Bucket(boolean adjustment, Plan plan) {
    }

    private static List<Rated> rateUsage(LocalDate first, List<Subscription> subscriptions, Function<Subscription, Plan> plans, List<UsageOfDay> usage) {
        Map<Bucket, long[]> sums = new LinkedHashMap<>();
        usage.stream().sorted(Comparator.comparing(UsageOfDay::day)).forEach(day -> {
            Subscription s = runningOn(subscriptions, day.day());
            if (s == null) {
                throw new IllegalStateException("usage on " + day.day() + " but no subscription ever");
            }
            long[] sum = sums.computeIfAbsent(new Bucket(day.day().isBefore(first), plans.apply(s)), b -> new long[3]);
            sum[0] = Math.addExact(sum[0], day.redemptionFen());
            sum[1] = Math.addExact(sum[1], day.goodsCostFen());
            sum[2] = Math.addExact(sum[2], day.kind() == Usage.Kind.NOTIFICATION ? day.quantity() : 0);
        });
        List<Rated> lines = new ArrayList<>();
        // This month's usage first, then the adjustments.
        for (boolean adjustment : new boolean[] {false, true}) {
            sums.forEach((bucket, sum) -> {
                if (bucket.adjustment() != adjustment) {
                    return;
                }
                Plan plan = bucket.plan();
                String late = adjustment ? "调整 Adjustment (late usage of an earlier month) · " : "";
                if (sum[0] != 0) {
                    lines.add(service(plan, "SERVICE_FEE", adjustment, late + "服务费 Service fee " + percent(plan.serviceFeeBp()) + " of redemptions worth "
                            + Money.yuan(sum[0]), sum[0], Money.basisPoints(sum[0], plan.serviceFeeBp())));
                }
                if (sum[1] != 0) {
                    lines.add(new Rated("GOODS_COST", adjustment, late + "供应商商品成本 Supplier goods cost (passed through)", sum[1], sum[1], 0));
                    long margin = Money.basisPoints(sum[1], plan.goodsMarginBp());
                    if (margin != 0) {
                        lines.add(service(plan, "GOODS_MARGIN", adjustment, late + "商品服务费 Goods margin " + percent(plan.goodsMarginBp()) + " of "
                                + Money.yuan(sum[1]), sum[1], margin));
                    }
                }
                if (sum[2] != 0) {
                    lines.add(service(plan, "NOTIFICATIONS", adjustment, late + "通知 Notifications sent: " + sum[2] + " × "
                            + Money.yuan(plan.notificationFen()), sum[2], Math.multiplyExact(sum[2], plan.notificationFen())));
                }
            });
        }
        return lines;
    }

    private static Rated service(Plan plan, String kind, boolean adjustment, String description, long quantity, long amount) {
        return new Rated(kind, adjustment, description, quantity, amount, Money.basisPoints(amount, plan.taxBp()));
    }

    /** The subscription running on the day; for a day none covers, the nearest one before it, else the first. */
    static @Nullable Subscription runningOn(List<Subscription> sorted, LocalDate day) {
        Subscription found = sorted.isEmpty() ? null : sorted.getFirst();
        for (Subscription s : sorted) {
            if (!s.startsOn().isAfter(day)) {
                found = s;
            }
        }
        return found;
    }

    private static String percent(int bp) {
        return bp / 100 + (bp % 100 == 0 ? "" : "." + String.format("%02d", bp % 100)) + " %";
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
