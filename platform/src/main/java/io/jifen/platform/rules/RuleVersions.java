package io.jifen.platform.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * A tenant's rule versions: drafts are validated on every save and can be changed; publishing makes a draft the rules
 * from its {@code effectiveFrom} on, ending the open-ended version before it there; a publication that would overlap
 * any other published range is refused. Published versions are never changed: they are the history of what applied.
 */
@Service
public class RuleVersions {

    /** A rule version as stored. */
    public record Version(UUID id, int version, String state, Instant effectiveFrom, @Nullable Instant effectiveTo, RuleSet rules,
                          @Nullable String note, Instant createdAt, @Nullable String createdBy, @Nullable Instant publishedAt,
                          @Nullable String publishedBy) {
    }

    static final Duration CACHED = Duration.ofSeconds(5);
    public static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final JdbcClient jdbc;
    private final PointTypeCatalog pointTypes;
    private final Clock clock;
    /** Each tenant's published versions, for {@link #CACHED} of real time. */
    private final Cache<UUID, List<Version>> published = Caffeine.newBuilder().expireAfterWrite(CACHED).build();

    private final AuditTrail audit;

    RuleVersions(JdbcClient jdbc, PointTypeCatalog pointTypes, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.pointTypes = pointTypes;
        this.clock = clock;
    }

    /** Saves a new draft; a rule set with problems is a 400 naming each one, and nothing is saved. */
    @Transactional
    public Version draft(RuleSet rules, Instant effectiveFrom, @Nullable Instant effectiveTo, @Nullable String note, @Nullable String actor) {
        validate(rules, effectiveFrom, effectiveTo);
        UUID id = UUID.randomUUID();
        jdbc.sql("select pg_advisory_xact_lock(hashtext('earning-rules:' || platform.current_tenant()))").query().singleRow();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from platform.earning_rule_version where tenant_id = platform.current_tenant()")
                .query(Integer.class).single();
        jdbc.sql("""
                        insert into platform.earning_rule_version (tenant_id, id, version, state, effective_from, effective_to, spec, note,
                            created_at, created_by)
                        values (platform.current_tenant(), ?, ?, 'DRAFT', ?, ?, cast(? as jsonb), ?, ?, ?)""")
                .params(id, version, utc(effectiveFrom), effectiveTo == null ? null : utc(effectiveTo), JSON.writeValueAsString(rules), note,
                        utc(clock.instant()), actor)
                .update();
        Version created = get(id);
        audit.record(AuditedChange.of("rule-version", id, null, created));
        return created;
    }

    /** Replaces a draft's rules and range; a published version cannot be changed (409). */
    @Transactional
    public Version replace(UUID id, RuleSet rules, Instant effectiveFrom, @Nullable Instant effectiveTo, @Nullable String note) {
        Version current = get(id);
        if (!current.state().equals("DRAFT")) {
            throw DomainException.conflict("rule-version-published", "Version " + current.version() + " is published: publish a new version instead");
        }
        validate(rules, effectiveFrom, effectiveTo);
        jdbc.sql("""
                        update platform.earning_rule_version set spec = cast(? as jsonb), effective_from = ?, effective_to = ?, note = ?
                        where tenant_id = platform.current_tenant() and id = ?""")
                .params(JSON.writeValueAsString(rules), utc(effectiveFrom), effectiveTo == null ? null : utc(effectiveTo), note, id)
                .update();
        Version replaced = get(id);
        audit.record(AuditedChange.of("rule-version", id, current, replaced));
        return replaced;
    }

    /**
     * Publishes a draft. The open-ended published version that starts before it ends where it starts; any other
     * overlap with a published version is a 409 naming that version.
     */
    @Transactional
    public Version publish(UUID id, @Nullable String actor) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('earning-rules:' || platform.current_tenant()))").query().singleRow();
        Version draft = get(id);
        if (!draft.state().equals("DRAFT")) {
            throw DomainException.conflict("rule-version-published", "Version " + draft.version() + " is published already");
        }
        Instant from = draft.effectiveFrom();
        Instant to = draft.effectiveTo();
        jdbc.sql("""
                        update platform.earning_rule_version set effective_to = ?
                        where tenant_id = platform.current_tenant() and state = 'PUBLISHED' and effective_to is null and effective_from < ?""")
                .params(utc(from), utc(from))
                .update();
        List<Integer> overlapping = jdbc.sql("""
                        select version from platform.earning_rule_version
                        where tenant_id = platform.current_tenant() and state = 'PUBLISHED'
                          and tstzrange(effective_from, effective_to) && tstzrange(?, ?)
                        order by version""")
                .params(utc(from), to == null ? null : utc(to))
                .query(Integer.class)
                .list();
        if (!overlapping.isEmpty()) {
            throw new DomainException(ProblemKind.CONFLICT, "rule-versions-overlap", "Overlapping versions",
                    "Version " + draft.version() + " (from " + from + (to == null ? "" : " to " + to) + ") overlaps published version(s) "
                            + overlapping + "; change its range", List.of());
        }
        UUID tenant = TenantContext.require();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                published.invalidate(tenant);
            }
        });
        jdbc.sql("""
                        update platform.earning_rule_version set state = 'PUBLISHED', published_at = ?, published_by = ?
                        where tenant_id = platform.current_tenant() and id = ?""")
                .params(utc(clock.instant()), actor, id)
                .update();
        Version published = get(id);
        audit.record(AuditedChange.of("rule-version", id, draft, published));
        return published;
    }

    @Transactional(readOnly = true)
    public Version get(UUID id) {
        return find(id).orElseThrow(() -> DomainException.notFound("Rule version " + id));
    }

    @Transactional(readOnly = true)
    public Optional<Version> find(UUID id) {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and id = ?").param(id).query(RuleVersions::version).optional();
    }

    /** The history, newest first, a page at a time: at most {@code size} versions older than {@code before}. */
    @Transactional(readOnly = true)
    public List<Version> list(@Nullable Integer before, int size) {
        return jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and version < ? order by version desc limit ?")
                .param(before == null ? Integer.MAX_VALUE : before).param(size)
                .query(RuleVersions::version).list();
    }

    /**
     * The published version in effect at an instant, if any. The tenant's published versions are kept in memory for
     * {@link #CACHED} (events are priced without reading and parsing the rules each time); a publication here clears
     * them when it commits, one on another instance is seen within {@link #CACHED}.
     */
    @Transactional(readOnly = true)
    public Optional<Version> effectiveAt(Instant at) {
        List<Version> versions = published.get(TenantContext.require(), tenant ->
                jdbc.sql(SELECT + " where tenant_id = platform.current_tenant() and state = 'PUBLISHED'").query(RuleVersions::version).list());
        return versions.stream()
                .filter(v -> !v.effectiveFrom().isAfter(at) && (v.effectiveTo() == null || v.effectiveTo().isAfter(at)))
                .findFirst();
    }

    private void validate(RuleSet rules, Instant effectiveFrom, @Nullable Instant effectiveTo) {
        var problems = new java.util.ArrayList<>(RuleSetValidator.problems(rules));
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            problems.add(io.jifen.platform.problem.FieldProblem.of("effectiveTo", "must be after effectiveFrom"));
        }
        if (rules.pointType() != null && pointTypes.list().stream().noneMatch(type -> type.code().equals(rules.pointType()))) {
            problems.add(io.jifen.platform.problem.FieldProblem.of("rules.pointType", "no point type '" + rules.pointType() + "'"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The rule set has " + problems.size() + " problem(s)", problems);
        }
    }

    private static final String SELECT = """
            select id, version, state, effective_from, effective_to, spec::text, note, created_at, created_by, published_at, published_by
            from platform.earning_rule_version""";

    private static Version version(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Version(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), instant(rs.getObject(4, OffsetDateTime.class)),
                instant(rs.getObject(5, OffsetDateTime.class)), JSON.readValue(rs.getString(6), RuleSet.class), rs.getString(7),
                instant(rs.getObject(8, OffsetDateTime.class)), rs.getString(9), instant(rs.getObject(10, OffsetDateTime.class)), rs.getString(11));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
