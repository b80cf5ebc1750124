package io.jifen.platform.mall;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.ledger.PointType;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.web.Hashes;
import io.jifen.platform.web.TimeCursor;

/**
 * The current tenant's own items: created, changed and listed by its admins. Their stock changes only through
 * {@link ItemStock}; a new item's starting stock is its first stock change.
 */
@Service
public class MallItems {

    private final JdbcClient jdbc;
    private final PointTypeCatalog pointTypes;
    private final StockAlerts alerts;
    private final Clock clock;
    private final MallSearchFeed search;

    private final AuditTrail audit;

    MallItems(JdbcClient jdbc, PointTypeCatalog pointTypes, StockAlerts alerts, Clock clock, MallSearchFeed search, AuditTrail audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.pointTypes = pointTypes;
        this.alerts = alerts;
        this.clock = clock;
        this.search = search;
    }

    @Transactional
    public Item create(ItemRequest request, @Nullable String actor) {
        String pointType = check(request);
        if (request.kind() == Item.Kind.VOUCHER_CODE && request.stock() != null && request.stock() != 0) {
            throw DomainException.invalidField("stock", "a VOUCHER_CODE item's stock comes from the codes uploaded for it: leave it out or 0");
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime now = now();
        long stock = request.stock() == null ? 0 : request.stock();
        jdbc.sql("""
                        insert into platform.mall_item (tenant_id, id, kind, title, description, images, status, point_type, payment, price_fen,
                            cash_fen, stock, low_stock_threshold, visible_from, visible_to, redeemable_from, redeemable_to, limit_per_member,
                            limit_per_member_day, created_at, updated_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, request.kind().name(), request.title().strip(), request.description(), images(request), status(request).name(),
                        pointType, request.payment().name(), request.priceFen(), cash(request), stock, threshold(request),
                        utc(request.visibleFrom()), utc(request.visibleTo()), utc(request.redeemableFrom()), utc(request.redeemableTo()),
                        request.limitPerMember(), request.limitPerMemberPerDay(), now, now)
                .update();
        jdbc.sql("""
                        insert into platform.mall_stock_change (tenant_id, id, item_id, idempotency_key, request_hash, delta, stock_after, reason, actor, at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, 'starting stock', ?, ?)""")
                .params(UUID.randomUUID(), id, "item-created:" + id, Hashes.sha256Hex("CREATE|" + id + "|" + stock), stock, stock, actor, now)
                .update();
        search.afterCommit();
        Item created = get(id);
        audit.record(AuditedChange.of("mall-item", id, null, created));
        return created;
    }

    /** Replaces what an admin writes of an item (not its stock); a stale {@code version} is a 409. */
    @Transactional
    public Item update(UUID id, ItemRequest request) {
        Item current = find(id, true).orElseThrow(() -> notFound(id));
        if (request.stock() != null) {
            throw DomainException.invalidField("stock", "an item's stock changes through its stock changes only");
        }
        if (request.version() != null && request.version() != current.version()) {
            throw DomainException.conflict("item-changed", "Item " + id + " is at version " + current.version() + ", not " + request.version()
                    + ": someone changed it meanwhile; read it again");
        }
        String pointType = check(request);
        checkKindChange(current, request.kind());
        jdbc.sql("""
                        update platform.mall_item set kind = ?, title = ?, description = ?, images = ?::text[], status = ?, point_type = ?, payment = ?,
                            price_fen = ?, cash_fen = ?, low_stock_threshold = ?, visible_from = ?, visible_to = ?, redeemable_from = ?,
                            redeemable_to = ?, limit_per_member = ?, limit_per_member_day = ?, version = version + 1, updated_at = ?
                        where tenant_id = platform.current_tenant() and id = ?""")
                .params(request.kind().name(), request.title().strip(), request.description(), images(request),
                        (request.status() == null ? current.status() : request.status()).name(), pointType, request.payment().name(),
                        request.priceFen(), cash(request), threshold(request), utc(request.visibleFrom()), utc(request.visibleTo()),
                        utc(request.redeemableFrom()), utc(request.redeemableTo()), request.limitPerMember(), request.limitPerMemberPerDay(), now(), id)
                .update();
        search.afterCommit();
        Item updated = get(id);
        alerts.observe(id, updated.title(), current.lowStock(), updated.stock(), updated.lowStockThreshold());
        audit.record(AuditedChange.of("mall-item", id, current, updated));
        return updated;
    }

    /**
     * A VOUCHER_CODE item's stock is its codes: an item with stock becomes one only from none (its codes then make
     * it), and one with codes stays one (they are its stock).
     */
    private void checkKindChange(Item current, Item.Kind kind) {
        if (current.kind() == kind) {
            return;
        }
        if (kind == Item.Kind.VOUCHER_CODE && current.stock() != 0) {
            throw DomainException.invalidField("kind", "an item becomes VOUCHER_CODE only with no stock: its stock then comes from its codes");
        }
        if (current.kind() == Item.Kind.VOUCHER_CODE && jdbc.sql("""
                        select exists (select 1 from platform.mall_voucher_code where tenant_id = platform.current_tenant() and item_id = ?)""")
                .param(current.id()).query(Boolean.class).single()) {
            throw DomainException.invalidField("kind", "codes were uploaded for this item: it stays VOUCHER_CODE");
        }
    }

    @Transactional(readOnly = true)
    public Item get(UUID id) {
        return find(id, false).orElseThrow(() -> notFound(id));
    }

    /** A page of items, newest first, after the item {@code after} names (created at, id); optionally of one status. */
    @Transactional(readOnly = true)
    public List<Item> list(Item.@Nullable Status status, @Nullable TimeCursor after, int size) {
        return jdbc.sql(SELECT + """
                         where tenant_id = platform.current_tenant() and (?::text is null or status = ?)
                           and (?::timestamptz is null or (created_at, id) < (?, ?))
                         order by created_at desc, id desc limit ?""")
                .params(status == null ? null : status.name(), status == null ? null : status.name(),
                        after == null ? null : utc(after.at()), after == null ? null : utc(after.at()),
                        after == null ? null : after.id(), size)
                .query(MallItems::item).list();
    }

    Optional<Item> find(UUID id, boolean forUpdate) {
        return jdbc.sql(SELECT + "where tenant_id = platform.current_tenant() and id = ?" + (forUpdate ? " for update" : ""))
                .param(id).query(MallItems::item).optional();
    }

    /** Adds the item's read to {@code pipeline}; {@code found} gets the item when the pipeline runs, if there is one. */
    SqlPipeline find(SqlPipeline pipeline, UUID id, Consumer<Item> found) {
        return pipeline.add(SELECT + "where tenant_id = platform.current_tenant() and id = ?", List.of(id), rs -> found.accept(item(rs, 1)));
    }

    static DomainException notFound(UUID id) {
        return DomainException.notFound("Item " + id);
    }

    /** The checks across fields; answers the point type's code. */
    private String check(ItemRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        long cash = cash(request);
        switch (request.payment()) {
            case POINTS_AND_CASH -> {
                if (cash < 1 || cash >= request.priceFen()) {
                    problems.add(FieldProblem.of("cashFen", "POINTS_AND_CASH needs a cash part above 0 and below priceFen"));
                }
            }
            case POINTS, CASH_WITH_POINTS -> {
                if (cash != 0) {
                    problems.add(FieldProblem.of("cashFen", "only POINTS_AND_CASH has a fixed cash part"));
                }
            }
        }
        window(request.visibleFrom(), request.visibleTo(), "visibleTo", problems);
        window(request.redeemableFrom(), request.redeemableTo(), "redeemableTo", problems);
        if (request.visibleFrom() != null && request.redeemableFrom() != null && request.redeemableFrom().isBefore(request.visibleFrom())) {
            problems.add(FieldProblem.of("redeemableFrom", "an item is redeemable only while it is visible: not before visibleFrom"));
        }
        if (request.visibleTo() != null && request.redeemableTo() != null && request.redeemableTo().isAfter(request.visibleTo())) {
            problems.add(FieldProblem.of("redeemableTo", "an item is redeemable only while it is visible: not after visibleTo"));
        }
        if (request.limitPerMember() != null && request.limitPerMemberPerDay() != null && request.limitPerMemberPerDay() > request.limitPerMember()) {
            problems.add(FieldProblem.of("limitPerMemberPerDay", "must not exceed limitPerMember"));
        }
        String code = request.pointType() == null ? PointTypeCatalog.DEFAULT_CODE : request.pointType();
        Optional<PointType> type = pointTypes.list().stream().filter(t -> t.code().equals(code)).findFirst();
        if (type.isEmpty()) {
            problems.add(FieldProblem.of("pointType", "no point type '" + code + "' in this tenant"));
        } else if (!type.get().currency().equals("CNY")) {
            problems.add(FieldProblem.of("pointType", "'" + code + "' values points in " + type.get().currency() + "; items are priced in CNY"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems.stream().map(p -> p.field() + ": " + p.message()).reduce((a, b) -> a + "; " + b).orElseThrow(),
                    problems);
        }
        return code;
    }

    private static void window(@Nullable Instant from, @Nullable Instant to, String field, List<FieldProblem> problems) {
        if (from != null && to != null && !to.isAfter(from)) {
            problems.add(FieldProblem.of(field, "must be after the window's start"));
        }
    }

    private static long cash(ItemRequest request) {
        return request.cashFen() == null ? 0 : request.cashFen();
    }

    private static long threshold(ItemRequest request) {
        return request.lowStockThreshold() == null ? 0 : request.lowStockThreshold();
    }

    private static Item.Status status(ItemRequest request) {
        return request.status() == null ? Item.Status.DRAFT : request.status();
    }

    /** The image URLs as a PostgreSQL array literal's elements, quoted. */
    private static String images(ItemRequest request) {
        List<String> urls = request.images() == null ? List.of() : request.images();
        return urls.stream().map(url -> "\"" + url.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .reduce((a, b) -> a + "," + b).map(list -> "{" + list + "}").orElse("{}");
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static final String SELECT = """
            select id, kind, title, description, images, status, point_type, payment, price_fen, cash_fen, stock, low_stock_threshold,
                   visible_from, visible_to, redeemable_from, redeemable_to, limit_per_member, limit_per_member_day, version, created_at, updated_at
            from platform.mall_item
            """;

    private static Item item(ResultSet rs, int n) throws SQLException {
        Array images = rs.getArray(5);
        long stock = rs.getLong(11);
        long threshold = rs.getLong(12);
        return new Item(rs.getObject(1, UUID.class), Item.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                images == null ? List.of() : Arrays.stream((Object[]) images.getArray()).map(Objects::toString).toList(),
                Item.Status.valueOf(rs.getString(6)), rs.getString(7), Quotes.Payment.valueOf(rs.getString(8)), rs.getLong(9), rs.getLong(10),
                stock, threshold, stock <= threshold, instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16),
                (Integer) rs.getObject(17), (Integer) rs.getObject(18), rs.getInt(19), instant(rs, 20), instant(rs, 21));
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
