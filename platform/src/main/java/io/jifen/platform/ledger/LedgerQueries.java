package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.ledger.internal.LedgerProblems;
import io.jifen.platform.ledger.internal.Receipts;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.web.CursorPage;

import static io.jifen.platform.ledger.LedgerRows.instant;

/** What a member has: balance, statement (明细) and lots. */
@Service
public class LedgerQueries {

    /**
     * {@code available}: spendable now. {@code pending}: earned but still in the return window. {@code expired}: in lots
     * past their expiry that the expiry run has not booked
     * out yet (never spendable). {@code expiringWithin30Days}: part of available. {@code held}: reserved by open holds
     * (not part of available or of the ledger balance). {@code owed}: a loan or clawback still to repay.
     * {@code ledgerBalance} = open lots - owed (negative while the member owes more than they have).
     */
    /** {@code revivable}: points that expired within the last year and were not revived, which 积分复活节 items can buy. */
    public record Balance(UUID memberId, String pointType, long available, long pending, long expiringWithin30Days, long expired,
                          long held, long owed, long ledgerBalance, long revivable) {
    }

    public record Lot(UUID id, UUID earnedBy, long original, long remaining, Instant earnedAt, Instant expiresAt, Instant availableAt) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final Revivals revivals;
    private final Clock clock;

    LedgerQueries(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PointTypeCatalog pointTypes, MemberDirectory members, Revivals revivals,
                  Clock clock) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.pointTypes = pointTypes;
        this.members = members;
        this.revivals = revivals;
        this.clock = clock;
    }

    /**
     * One statement: the member, the point type, the sums of the wallet's lots and holds and the revivable points (those
     * of {@link #revivable}). It is sent together with
     * the switch to the caller's tenant and needs no transaction of its own: one round trip per balance read.
     */
    public Balance balance(UUID memberId, String pointType) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        List<Balance> found = new ArrayList<>(1);
        new SqlPipeline()
                .useTenant(TenantContext.require())
                .add("""
                        select p.id as type,
                               coalesce(sum(l.remaining) filter (where (l.expires_at is null or l.expires_at > q.now)
                                                                   and (l.available_at is null or l.available_at <= q.now)), 0) as available,
                               coalesce(sum(l.remaining) filter (where l.available_at > q.now
                                                                   and (l.expires_at is null or l.expires_at > q.now)), 0) as pending,
                               coalesce(sum(l.remaining) filter (where l.expires_at > q.now and l.expires_at <= q.soon
                                                                   and (l.available_at is null or l.available_at <= q.now)), 0) as expiring,
                               coalesce(sum(l.remaining) filter (where l.expires_at <= q.now), 0) as expired,
                               coalesce(max(a.balance), 0) as ledger_balance,
                               coalesce(max(a.owed), 0) as owed,
                               (select coalesce(sum(h.points), 0) from platform.ledger_hold h
                                where h.tenant_id = m.tenant_id and h.member_id = m.id and h.point_type_id = p.id
                                  and h.status = 'HELD') as held,
                               (select coalesce(sum(r.revivable), 0) from (%s) as r where r.revivable > 0) as revivable
                        from (select cast(? as timestamptz) as now, cast(? as timestamptz) as soon) as q
                        cross join platform.member m
                        left join platform.point_type p on p.tenant_id = m.tenant_id and p.code = ?
                        left join platform.ledger_account a on a.tenant_id = m.tenant_id and a.point_type_id = p.id and a.kind = 'WALLET'
                                                           and a.member_id = m.id
                        left join platform.ledger_lot l on l.tenant_id = a.tenant_id and l.account_id = a.id and l.remaining > 0
                        where m.tenant_id = platform.current_tenant() and m.id = ?
                        group by m.tenant_id, m.id, p.id""".formatted(Revivals.revivableLotsQuery("m.id", "p.id", "cast(? as timestamptz)")),
                        List.of(now.minus(Revivals.REVIVABLE_FOR), now.minus(Revivals.REVIVABLE_FOR), now, now.plus(Duration.ofDays(30)), pointType, memberId), rs -> {
                            if (rs.getObject("type") == null) {
                                throw LedgerProblems.unknownPointType(pointType);
                            }
                            found.add(new Balance(memberId, pointType, rs.getLong("available"), rs.getLong("pending"),
                                    rs.getLong("expiring"), rs.getLong("expired"), rs.getLong("held"), rs.getLong("owed"),
                                    rs.getLong("ledger_balance"), rs.getLong("revivable")));
                        })
                .run(jdbcTemplate);
        if (found.isEmpty()) {
            throw DomainException.notFound("Member " + memberId);
        }
        return found.getFirst();
    }

    /**
     * 积分复活节: the member's points that expired within the last 365 days (booked out by the expiry run) and not revived
     * since, which a festival zone's items can be bought with ({@link Ledger#spendExpired}).
     */
    @Transactional(readOnly = true)
    public long revivable(UUID memberId, String pointType) {
        members.status(memberId);
        return revivals.revivable(memberId, pointTypes.byCode(pointType).id(), clock.instant());
    }

    /**
     * The member's statement, newest first, {@code size} lines a page; {@code after} is the previous page's cursor.
     * Read by keyset on (created_at, id): a page deep in a long statement costs what the first does.
     */
    @Transactional(readOnly = true)
    public CursorPage<Receipt> statement(UUID memberId, String pointType, @Nullable String after, int size) {
        members.status(memberId);
        PointType type = pointTypes.byCode(pointType);
        Key before = Key.parse(CursorPage.key(after), 2);
        // A transfer appears on both members' statements: as TRANSFER for the sender, TRANSFER_IN for the receiver.
        List<Receipt> lines = jdbc.sql("""
                        select t.id, case when t.member_id = :member then t.kind else 'TRANSFER_IN' end as kind,
                               cast(:member as uuid) as member_id, p.code, t.points,
                               case when t.member_id = :member then t.balance_after else t.counterparty_balance_after end as balance_after,
                               t.source, t.reason, t.reverses_id, t.created_at,
                               case when t.member_id = :member then t.counterparty_member_id else t.member_id end as counterparty
                        from platform.ledger_transaction t
                        join platform.point_type p on p.tenant_id = t.tenant_id and p.id = t.point_type_id
                        where t.tenant_id = platform.current_tenant() and (t.member_id = :member or t.counterparty_member_id = :member)
                          and t.point_type_id = :type
                          and (cast(:beforeAt as timestamptz) is null or (t.created_at, t.id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                        order by t.created_at desc, t.id desc limit :limit""")
                .param("member", memberId).param("type", type.id())
                .param("beforeAt", before == null ? null : before.instant(0).atOffset(ZoneOffset.UTC))
                .param("beforeId", before == null ? null : before.uuid(1))
                .param("limit", size + 1)
                .query(Receipts::read)
                .list();
        return CursorPage.of(lines, size, line -> Key.of(line.createdAt(), line.transactionId()));
    }

    /**
     * The member's lots in the order they are spent (soonest expiry first, never-expiring last), {@code size} a page;
     * {@code after} is the previous page's cursor.
     */
    @Transactional(readOnly = true)
    public CursorPage<Lot> lots(UUID memberId, String pointType, boolean openOnly, @Nullable String after, int size) {
        members.status(memberId);
        PointType type = pointTypes.byCode(pointType);
        Key last = Key.parse(CursorPage.key(after), 3);
        List<Lot> lots = jdbc.sql("""
                        select l.id, l.transaction_id, l.original, l.remaining, l.earned_at, l.expires_at, l.available_at
                        from platform.ledger_lot l
                        join platform.ledger_account a on a.tenant_id = l.tenant_id and a.id = l.account_id
                        where l.tenant_id = platform.current_tenant() and a.point_type_id = :type and a.member_id = :member
                          and (not :openOnly or l.remaining > 0)
                          and (cast(:lastExpiry as timestamptz) is null
                               or (coalesce(l.expires_at, 'infinity'::timestamptz), l.earned_at, l.id)
                                  > (cast(:lastExpiry as timestamptz), cast(:lastEarned as timestamptz), cast(:lastId as uuid)))
                        order by coalesce(l.expires_at, 'infinity'::timestamptz), l.earned_at, l.id
                        limit :limit""")
                .param("type", type.id()).param("member", memberId).param("openOnly", openOnly)
                .param("lastExpiry", last == null ? null : last.instantOrInfinity(0))
                .param("lastEarned", last == null ? null : last.instant(1).atOffset(ZoneOffset.UTC))
                .param("lastId", last == null ? null : last.uuid(2))
                .param("limit", size + 1)
                .query((rs, n) -> new Lot(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        instant(rs.getObject(6, OffsetDateTime.class)), instant(rs.getObject(7, OffsetDateTime.class))))
                .list();
        return CursorPage.of(lots, size, lot -> Key.of(lot.expiresAt(), lot.earnedAt(), lot.id()));
    }

    /** A keyset cursor's values: instants as epoch microseconds ("" for none), ids as UUIDs, joined by '|'. */
    private record Key(String[] parts) {

        static String of(Object... values) {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (i > 0) {
                    key.append('|');
                }
                if (value instanceof Instant at) {
                    key.append(ChronoUnit.MICROS.between(Instant.EPOCH, at));
                } else if (value != null) {
                    key.append(value);
                }
            }
            return key.toString();
        }

        static @Nullable Key parse(@Nullable String key, int parts) {
            if (key == null) {
                return null;
            }
            String[] split = key.split("\\|", -1);
            if (split.length != parts) {
                throw notOurs();
            }
            return new Key(split);
        }

        Instant instant(int i) {
            try {
                return Instant.EPOCH.plus(Long.parseLong(parts[i]), ChronoUnit.MICROS);
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                throw notOurs();
            }
        }

        /** The instant, or PostgreSQL's infinity for none (a lot that never expires sorts last). */
        Object instantOrInfinity(int i) {
            return parts[i].isEmpty() ? "infinity" : instant(i).atOffset(ZoneOffset.UTC);
        }

        UUID uuid(int i) {
            try {
                return UUID.fromString(parts[i]);
            } catch (IllegalArgumentException e) {
                throw notOurs();
            }
        }

        private static DomainException notOurs() {
            return DomainException.invalidField("after", "is not a cursor this listing handed out");
        }
    }

    /** What became of a hold: the points held, its status (HELD, CAPTURED, RELEASED) and the points refunded of it since. */
    public record HoldOutcome(UUID holdId, long held, String status, long refunded) {
    }

    /** A spend (of any kind) and the points refunded of it since. */
    public record SpendOutcome(UUID transactionId, String kind, long points, long refunded) {
    }

    /** The outcomes of the current tenant's spends among {@code transactionIds} (others are left out). */
    public Map<UUID, SpendOutcome> spendOutcomes(Collection<UUID> transactionIds) {
        Map<UUID, SpendOutcome> outcomes = new HashMap<>();
        jdbc.sql("""
                        select s.id, s.kind, s.points,
                               coalesce((select sum(t.points) from platform.ledger_transaction t
                                         where t.tenant_id = s.tenant_id and t.reverses_id = s.id and t.kind in ('REFUND', 'REFUND_EXPIRED')), 0)
                        from platform.ledger_transaction s where s.tenant_id = platform.current_tenant() and s.id = any(?::uuid[])""")
                .param(transactionIds.toArray(UUID[]::new))
                .query((rs, n) -> new SpendOutcome(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list()
                .forEach(outcome -> outcomes.put(outcome.transactionId(), outcome));
        return outcomes;
    }

    /** The outcomes of the current tenant's holds among {@code holdIds} (holds it does not have are left out). */
    public Map<UUID, HoldOutcome> holdOutcomes(Collection<UUID> holdIds) {
        Map<UUID, HoldOutcome> outcomes = new HashMap<>();
        jdbc.sql("""
                        select h.id, h.points, h.status,
                               coalesce((select sum(t.points) from platform.ledger_transaction t
                                         where t.tenant_id = h.tenant_id and t.reverses_id = h.id and t.kind = 'REFUND'), 0)
                        from platform.ledger_hold h where h.tenant_id = platform.current_tenant() and h.id = any(?::uuid[])""")
                .param(holdIds.toArray(UUID[]::new))
                .query((rs, n) -> new HoldOutcome(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getLong(4)))
                .list()
                .forEach(outcome -> outcomes.put(outcome.holdId(), outcome));
        return outcomes;
    }
}
