package io.jifen.platform.insight;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.ledger.LedgerPeriods;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.redemption.Orders;
import io.jifen.platform.segment.MemberSegments;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.tier.MemberTiers;

/** The tenant's dashboard: its last days' figures, read in one read-only transaction. */
@Service
public class Dashboards {

    /** The most days one dashboard covers. */
    static final int MAX_DAYS = 366;
    /** How many of the most redeemed items it lists. */
    static final int TOP_ITEMS = 10;

    /**
     * The tenant's last {@code days} days, today included ({@code from} to {@code to}, both inclusive, in the tenant's
     * time zone), with their sums and today's outstanding points; members by tier ("" for members without one) and by
     * segment (as of the last segments run); the most redeemed items of the days.
     */
    public record Dashboard(LocalDate from, LocalDate to, String currency, Totals totals, List<LedgerPeriods.Day> daily,
                            Map<String, Long> membersByTier, Map<String, Long> membersBySegment, List<Orders.TopItem> topItems) {
    }

    /** The days' points issued, redeemed and expired, and the points outstanding now (wallets and open holds), each also in fen. */
    public record Totals(long issued, long redeemed, long expired, long outstanding, long issuedFen, long redeemedFen, long expiredFen,
                         long outstandingFen) {
    }

    private final LedgerPeriods periods;
    private final MemberTiers tiers;
    private final MemberSegments segments;
    private final Orders orders;
    private final TenantRegistry tenants;
    private final Clock clock;

    Dashboards(LedgerPeriods periods, MemberTiers tiers, MemberSegments segments, Orders orders, TenantRegistry tenants, Clock clock) {
        this.periods = periods;
        this.tiers = tiers;
        this.segments = segments;
        this.orders = orders;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Dashboard of(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw DomainException.invalidField("days", "1 to " + MAX_DAYS + " days");
        }
        Tenant tenant = tenants.current();
        ZoneId zone = ZoneId.of(tenant.settings().timeZone());
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate from = today.minusDays(days - 1L);
        Instant start = from.atStartOfDay(zone).toInstant();
        List<LedgerPeriods.Day> daily = periods.daily(from, today.plusDays(1), zone);
        LedgerPeriods.Summary standing = periods.summaries(List.of(tenant.id()), start, now).get(tenant.id());
        Totals totals = new Totals(sum(daily, LedgerPeriods.Day::issued), sum(daily, LedgerPeriods.Day::redeemed), sum(daily, LedgerPeriods.Day::expired),
                standing.liabilityPoints(), sum(daily, LedgerPeriods.Day::issuedFen), sum(daily, LedgerPeriods.Day::redeemedFen),
                sum(daily, LedgerPeriods.Day::expiredFen), standing.liabilityFen());
        return new Dashboard(from, today, tenant.settings().currency(), totals, daily, tiers.counts(), segments.counts(),
                orders.top(start, today.plusDays(1).atStartOfDay(zone).toInstant(), TOP_ITEMS));
    }

    private static long sum(List<LedgerPeriods.Day> days, ToLongFunction<LedgerPeriods.Day> figure) {
        return days.stream().mapToLong(figure).sum();
    }
}
