package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.jifen.platform.jdbc.SqlPipeline;

/**
 * What tenants' ledgers did in a period {@code [from, to)}, for their month statement: read for many tenants at once, each
 * tenant's statements under its row-level security, all sent in one round trip.
 */
@Service
public class LedgerPeriods {

    /**
     * A tenant's period: members with a movement in it (their own transactions or a transfer to them), points issued
     * (credited from the issuance account), redeemed (net of refunds) and expired in it, and the points liability at
     * {@code to} (wallets and open holds), valued at each point type's anchor in fen, rounded half up per point type.
     */
    public record Summary(UUID tenantId, long activeMembers, long pointsIssued, long pointsRedeemed, long pointsExpired, long liabilityPoints,
                          long liabilityFen) {
    }

    private final JdbcTemplate jdbc;

    LedgerPeriods(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The summaries of the tenants, in the caller's transaction (or each statement its own); switches the transaction's tenant. */
    public Map<UUID, Summary> summaries(Collection<UUID> tenants, Instant from, Instant to) {
        OffsetDateTime start = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to.atOffset(ZoneOffset.UTC);
        Map<UUID, Builder> builders = new LinkedHashMap<>();
        var pipeline = new SqlPipeline();
        for (UUID tenant : tenants) {
            Builder b = builders.computeIfAbsent(tenant, Builder::new);
            pipeline.useTenant(tenant)
                    // Movements per point type and account kind, in the period and after it (to take back from today's balances).
                    .add("""
                            select a.point_type_id, a.kind, t.created_at < ? as in_period, sum(e.amount) as amount
                            from platform.ledger_transaction t
                            join platform.ledger_entry e on e.tenant_id = t.tenant_id and e.transaction_id = t.id
                            join platform.ledger_account a on a.tenant_id = e.tenant_id and a.id = e.account_id
                            where t.tenant_id = platform.current_tenant() and t.created_at >= ?
                            group by 1, 2, 3""", List.of(end, start), rs -> b.movement(rs.getObject("point_type_id", UUID.class),
                            rs.getString("kind"), rs.getBoolean("in_period"), rs.getLong("amount")))
                    .add("""
                            select count(distinct m) from (
                                select t.member_id as m from platform.ledger_transaction t
                                where t.tenant_id = platform.current_tenant() and t.created_at >= ? and t.created_at < ?
                                union all
                                select t.counterparty_member_id from platform.ledger_transaction t
                                where t.tenant_id = platform.current_tenant() and t.created_at >= ? and t.created_at < ?
                                  and t.counterparty_member_id is not null) x""", List.of(start, end, start, end),
                            rs -> b.activeMembers = rs.getLong(1))
                    // Today's liability per point type: the wallets' balances and the open holds.
                    .add("""
                            select p.id, p.anchor_points, p.anchor_amount_minor,
                                   coalesce((select sum(a.balance) from platform.ledger_account a
                                             where a.tenant_id = p.tenant_id and a.point_type_id = p.id and a.kind = 'WALLET'), 0)
                                 + coalesce((select sum(h.points) from platform.ledger_hold h
                                             where h.tenant_id = p.tenant_id and h.point_type_id = p.id and h.status = 'HELD'), 0) as today
                            from platform.point_type p where p.tenant_id = platform.current_tenant()""", List.of(),
                            rs -> b.pointType(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        }
        pipeline.run(jdbc);
        Map<UUID, Summary> summaries = new HashMap<>();
        builders.values().forEach(b -> summaries.put(b.tenant, b.build()));
        return summaries;
    }

    /** What the tenant's ledger did on one day: points issued, redeemed (net of refunds) and expired, and their value in fen. */
    public record Day(LocalDate day, long issued, long redeemed, long expired, long issuedFen, long redeemedFen, long expiredFen) {
    }

    /**
     * The current tenant's days from {@code from} to {@code to} (exclusive) in {@code zone}, every day listed (quiet days
     * with zeros), each point type's movements valued at its anchor before they are added up; in the caller's transaction.
     */
    public List<Day> daily(LocalDate from, LocalDate to, ZoneId zone) {
        Map<UUID, long[]> anchors = new HashMap<>();
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            days.put(day, new long[6]);
        }
        new SqlPipeline()
                .add("select id, anchor_points, anchor_amount_minor from platform.point_type where tenant_id = platform.current_tenant()", List.of(),
                        rs -> anchors.put(rs.getObject(1, UUID.class), new long[] {rs.getLong(2), rs.getLong(3)}))
                .add("""
                        select (t.created_at at time zone ?)::date as day, a.point_type_id, a.kind, sum(e.amount) as amount
                        from platform.ledger_transaction t
                        join platform.ledger_entry e on e.tenant_id = t.tenant_id and e.transaction_id = t.id
                        join platform.ledger_account a on a.tenant_id = e.tenant_id and a.id = e.account_id
                        where t.tenant_id = platform.current_tenant() and t.created_at >= ? and t.created_at < ?
                          and a.kind in ('ISSUANCE', 'REDEEMED', 'EXPIRED')
                        group by 1, 2, 3""", List.of(zone.getId(), from.atStartOfDay(zone).toOffsetDateTime(), to.atStartOfDay(zone).toOffsetDateTime()),
                        rs -> {
                            long[] day = days.get(rs.getObject("day", LocalDate.class));
                            long[] anchor = anchors.getOrDefault(rs.getObject("point_type_id", UUID.class), new long[] {0, 0});
                            long amount = rs.getLong("amount");
                            int column = switch (rs.getString("kind")) {
                                case "ISSUANCE" -> 0;
                                case "REDEEMED" -> 1;
                                default -> 2;
                            };
                            // The issuance account is debited as points are issued: its movement counts with the sign turned.
                            long points = column == 0 ? -amount : amount;
                            day[column] += points;
                            day[column + 3] += valueFen(points, anchor[0], anchor[1]);
                        })
                .run(jdbc);
        return days.entrySet().stream().map(d -> new Day(d.getKey(), d.getValue()[0], d.getValue()[1], d.getValue()[2], d.getValue()[3], d.getValue()[4],
                d.getValue()[5])).toList();
    }

    private static final class Builder {
        final UUID tenant;
        long activeMembers;
        long issued;
        long redeemed;
        long expired;
        final Map<UUID, long[]> anchors = new HashMap<>();
        final Map<UUID, Long> liabilityToday = new HashMap<>();
        final Map<UUID, Long> holdingsMovedSince = new HashMap<>();

        Builder(UUID tenant) {
            this.tenant = tenant;
        }

        void movement(UUID pointType, String kind, boolean inPeriod, long amount) {
            if (inPeriod) {
                switch (kind) {
                    case "ISSUANCE" -> issued -= amount;
                    case "REDEEMED" -> redeemed += amount;
                    case "EXPIRED" -> expired += amount;
                    default -> {
                    }
                }
            } else if (kind.equals("WALLET") || kind.equals("HELD")) {
                holdingsMovedSince.merge(pointType, amount, Long::sum);
            }
        }

        void pointType(UUID id, long anchorPoints, long anchorFen, long today) {
            anchors.put(id, new long[] {anchorPoints, anchorFen});
            liabilityToday.put(id, today);
        }

        Summary build() {
            long points = 0;
            long fen = 0;
            for (var type : liabilityToday.entrySet()) {
                long atEnd = type.getValue() - holdingsMovedSince.getOrDefault(type.getKey(), 0L);
                long[] anchor = anchors.get(type.getKey());
                points += atEnd;
                fen += valueFen(atEnd, anchor[0], anchor[1]);
            }
            return new Summary(tenant, activeMembers, issued, redeemed, expired, points, fen);
        }
    }

    /** Points at their anchor ({@code anchorPoints} points = {@code anchorFen} fen), rounded half up (a half fen away from zero). */
    public static long valueFen(long points, long anchorPoints, long anchorFen) {
        if (anchorPoints <= 0) {
            return 0;
        }
        long numerator = Math.multiplyExact(points, anchorFen);
        long magnitude = Math.abs(numerator);
        long quotient = magnitude / anchorPoints;
        if (magnitude % anchorPoints >= anchorPoints - magnitude % anchorPoints) {
            quotient++;
        }
        return numerator < 0 ? -quotient : quotient;
    }
}
