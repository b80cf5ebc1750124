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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/**
 * The current tenant's zones and their items, written by its admins. An item is in a zone by its reference's text form
 * ({@link ItemRef}): an own item (which must exist) or a hub SKU (not checked against the tenant's selection: a zone may
 * list a SKU before it is selected; it only matters for what the mall offers). An item may be in several zones.
 */
@Service
public class MallZones {

    /** The segments the segment job assigns (see module segment). */
    static final List<String> SEGMENTS = List.of("HIGH_VALUE", "POTENTIAL", "REGULAR", "DORMANT", "CHURNED");
    /** A tenant's zones are a handful; the listing answers them all up to this many. */
    static final int MAX_ZONES = 500;

    /** An item of a zone, by reference, and when it was put there. */
    public record ZoneItem(String ref, Instant addedAt) {
    }

    private final JdbcClient jdbc;
    private final MallItems items;
    private final Clock clock;

    private final AuditTrail audit;
    private final ItemRulesCache rules;

    MallZones(JdbcClient jdbc, MallItems items, Clock clock, AuditTrail audit, ItemRulesCache rules) {
        this.rules = rules;
        this.audit = audit;
        this.jdbc = jdbc;
        this.items = items;
        this.clock = clock;
    }

    @Transactional
    public Zone create(ZoneRequest request) {
        check(request);
        UUID id = UUID.randomUUID();
        OffsetDateTime now = now();
        jdbc.sql("""
                        insert into platform.mall_zone (tenant_id, id, kind, title, status, new_member_days, tier_codes, segment, starts_at, ends_at,
                            created_at, updated_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?)""")
                .params(id, request.kind().name(), request.title().strip(), status(request, Zone.Status.ACTIVE).name(), request.newMemberDays(),
                        tierCodes(request), request.segment(), utc(request.startsAt()), utc(request.endsAt()), now, now)
                .update();
        Zone created = get(id);
        audit.record(AuditedChange.of("mall-zone", id, null, created));
        return created;
    }

    /** Replaces what an admin writes of a zone (not its items); {@code version} is required and a stale one is a 409. */
    @Transactional
    public Zone update(UUID id, ZoneRequest request) {
        Zone current = find(id, true).orElseThrow(() -> notFound(id));
        if (request.version() == null) {
            throw DomainException.invalidField("version", "the version of the zone you read is required to change it");
        }
        if (request.version() != current.version()) {
            throw DomainException.conflict("zone-changed", "Zone " + id + " is at version " + current.version() + ", not " + request.version()
                    + ": someone changed it meanwhile; read it again");
        }
        check(request);
        rules.forgetAfterCompletion();
        jdbc.sql("""
                        update platform.mall_zone set kind = ?, title = ?, status = ?, new_member_days = ?, tier_codes = ?::text[], segment = ?, starts_at = ?,
                            ends_at = ?, version = version + 1, updated_at = ?
                        where tenant_id = platform.current_tenant() and id = ?""")
                .params(request.kind().name(), request.title().strip(), status(request, current.status()).name(), request.newMemberDays(),
                        tierCodes(request), request.segment(), utc(request.startsAt()), utc(request.endsAt()), now(), id)
                .update();
        Zone updated = get(id);
        audit.record(AuditedChange.of("mall-zone", id, current, updated));
        return updated;
    }

    @Transactional(readOnly = true)
    public Zone get(UUID id) {
        return find(id, false).orElseThrow(() -> notFound(id));
    }

    /** The tenant's zones, newest first. */
    @Transactional(readOnly = true)
    public List<Zone> list() {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() order by created_at desc, id desc limit ?")
                .param(MAX_ZONES).query((rs, n) -> zone(rs, 0)).list();
    }

    /** The zone's items, in the order they were added. */
    @Transactional(readOnly = true)
    public List<ZoneItem> items(UUID zoneId) {
        get(zoneId);
        return jdbc.sql("""
                        select item_ref, added_at from platform.mall_zone_item
                        where tenant_id = platform.current_tenant() and zone_id = ? order by added_at, item_ref""")
                .param(zoneId)
                .query((rs, n) -> new ZoneItem(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Puts an item in the zone; putting it there again changes nothing. An own item that does not exist is a 404. */
    @Transactional
    public ZoneItem putItem(UUID zoneId, @Nullable String refText) {
        get(zoneId);
        ItemRef ref = ItemRef.parse(refText, "ref");
        if (ref.isOwn()) {
            items.get(ref.itemId());
        }
        rules.forgetAfterCompletion();
        int added = jdbc.sql("""
                        insert into platform.mall_zone_item (tenant_id, zone_id, item_ref, added_at) values (platform.current_tenant(), ?, ?, ?)
                        on conflict (tenant_id, zone_id, item_ref) do nothing""")
                .params(zoneId, ref.toString(), now())
                .update();
        ZoneItem item = jdbc.sql("select item_ref, added_at from platform.mall_zone_item where tenant_id = platform.current_tenant() and zone_id = ? and item_ref = ?")
                .params(zoneId, ref.toString())
                .query((rs, n) -> new ZoneItem(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .single();
        // Putting an item in again changes nothing: nothing to record.
        if (added > 0) {
            audit.record(AuditedChange.of("mall-zone-item", zoneId, null, item));
        }
        return item;
    }

    /** Takes an item out of the zone; one that is not in it is a 404. */
    @Transactional
    public void removeItem(UUID zoneId, @Nullable String refText) {
        get(zoneId);
        ItemRef ref = ItemRef.parse(refText, "ref");
        rules.forgetAfterCompletion();
        int removed = jdbc.sql("delete from platform.mall_zone_item where tenant_id = platform.current_tenant() and zone_id = ? and item_ref = ?")
                .params(zoneId, ref.toString())
                .update();
        if (removed == 0) {
            throw DomainException.notFound("Item " + ref + " in zone " + zoneId);
        }
        audit.record(AuditedChange.of("mall-zone-item", zoneId, java.util.Map.of("ref", ref.toString()), null));
    }

    /** The zones each of the given items is in (in the caller's transaction), oldest zone first; items in no zone are absent. */
    Map<ItemRef, List<Zone>> zonesOf(Collection<ItemRef> refs) {
        Map<String, ItemRef> byText = new LinkedHashMap<>();
        refs.forEach(ref -> byText.put(ref.toString(), ref));
        Map<ItemRef, List<Zone>> zones = new LinkedHashMap<>();
        jdbc.sql("""
                        select zi.item_ref, z.id, z.kind, z.title, z.status, z.new_member_days, z.tier_codes, z.segment, z.starts_at, z.ends_at,
                               z.version, z.created_at, z.updated_at
                        from platform.mall_zone_item zi
                        join platform.mall_zone z on z.tenant_id = zi.tenant_id and z.id = zi.zone_id
                        where zi.tenant_id = platform.current_tenant() and zi.item_ref = any(?::text[])
                        order by z.created_at, z.id""")
                .param(byText.keySet().toArray(String[]::new))
                .query(rs -> {
                    zones.computeIfAbsent(byText.get(rs.getString(1)), ref -> new ArrayList<>()).add(zone(rs, 1));
                });
        return zones;
    }

    Optional<Zone> find(UUID id, boolean forUpdate) {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and id = ?" + (forUpdate ? " for update" : ""))
                .param(id).query((rs, n) -> zone(rs, 0)).optional();
    }

    static DomainException notFound(UUID id) {
        return DomainException.notFound("Zone " + id);
    }

    /** Each kind takes its own field and no other's; windows end after they start; a festival has one. */
    private static void check(ZoneRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        Zone.Kind kind = request.kind();
        only(kind == Zone.Kind.NEW_MEMBERS, request.newMemberDays() != null, "newMemberDays", "NEW_MEMBERS", problems);
        only(kind == Zone.Kind.TIERS, request.tierCodes() != null, "tierCodes", "TIERS", problems);
        only(kind == Zone.Kind.SEGMENT, request.segment() != null, "segment", "SEGMENT", problems);
        if (request.segment() != null && !SEGMENTS.contains(request.segment())) {
            problems.add(FieldProblem.of("segment", "one of " + String.join(", ", SEGMENTS)));
        }
        if (request.tierCodes() != null && request.tierCodes().stream().distinct().count() < request.tierCodes().size()) {
            problems.add(FieldProblem.of("tierCodes", "each tier once"));
        }
        if (kind == Zone.Kind.FESTIVAL && request.startsAt() == null) {
            problems.add(FieldProblem.of("startsAt", "a FESTIVAL zone is open in a window: its start is required"));
        }
        if (kind == Zone.Kind.FESTIVAL && request.endsAt() == null) {
            problems.add(FieldProblem.of("endsAt", "a FESTIVAL zone is open in a window: its end is required"));
        }
        if (request.startsAt() != null && request.endsAt() != null && !request.endsAt().isAfter(request.startsAt())) {
            problems.add(FieldProblem.of("endsAt", "must be after startsAt"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems.stream().map(p -> p.field() + ": " + p.message()).reduce((a, b) -> a + "; " + b).orElseThrow(),
                    problems);
        }
    }

    private static void only(boolean ofKind, boolean given, String field, String kind, List<FieldProblem> problems) {
        if (ofKind && !given) {
            problems.add(FieldProblem.of(field, "a " + kind + " zone needs it"));
        } else if (!ofKind && given) {
            problems.add(FieldProblem.of(field, "only a " + kind + " zone has it"));
        }
    }

    private static Zone.Status status(ZoneRequest request, Zone.Status otherwise) {
        return request.status() == null ? otherwise : request.status();
    }

    private static String @Nullable [] tierCodes(ZoneRequest request) {
        return request.tierCodes() == null ? null : request.tierCodes().toArray(String[]::new);
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static final String SELECT = """
            select id, kind, title, status, new_member_days, tier_codes, segment, starts_at, ends_at, version, created_at, updated_at
            from platform.mall_zone""";

    /** A zone from the row's columns after the first {@code skip}. */
    private static Zone zone(ResultSet rs, int skip) throws SQLException {
        Array codes = rs.getArray(skip + 6);
        return new Zone(rs.getObject(skip + 1, UUID.class), Zone.Kind.valueOf(rs.getString(skip + 2)), rs.getString(skip + 3),
                Zone.Status.valueOf(rs.getString(skip + 4)), (Integer) rs.getObject(skip + 5),
                codes == null ? null : Arrays.stream((Object[]) codes.getArray()).map(Objects::toString).toList(),
                rs.getString(skip + 7), instant(rs, skip + 8), instant(rs, skip + 9), rs.getInt(skip + 10), instant(rs, skip + 11),
                instant(rs, skip + 12));
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
