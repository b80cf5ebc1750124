package io.jifen.platform.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.mall.MallZones;
import io.jifen.platform.mall.ZoneRequest;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;

/**
 * Industry templates (mother and baby, beauty, food and beverage, retail, B2B manufacturer): a programme pre-filled
 * from the business documents' examples (earning rules, tiers, tasks and packages in one rule set, and mall zones),
 * applied to a tenant on request, once: the rule set is drafted and published from now on and the zones created, all
 * in one transaction, through the same services (and validators) as an admin's own. Applying the same template again
 * answers what it made; another template after one is a 409 (the programme is the tenant's to change from there).
 */
@Service
public class IndustryTemplates {

    /** A template as shipped in {@code onboarding/templates/<industry>.json}. */
    public record Template(String industry, String name, String description, RuleSet rules, List<ZoneRequest> zones) {
    }

    /** A template as the wizard lists it. */
    public record Summary(String industry, String name, String description, int rules, int tiers, int tasks, int zones) {

        static Summary of(Template template) {
            RuleSet rules = template.rules();
            return new Summary(template.industry(), template.name(), template.description(), rules.rules().size(),
                    rules.tiers() == null ? 0 : rules.tiers().size(), rules.tasks() == null ? 0 : rules.tasks().size(), template.zones().size());
        }
    }

    /** What applying a template made; {@code created} is false when it had been applied before. */
    public record Applied(String industry, UUID ruleVersionId, List<UUID> zoneIds, Instant appliedAt, boolean created) {
    }

    static final List<String> INDUSTRIES = List.of("mother-and-baby", "beauty", "food-and-beverage", "retail", "b2b-manufacturer");

    private final List<Template> templates;
    private final RuleVersions versions;
    private final MallZones zones;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;

    IndustryTemplates(RuleVersions versions, MallZones zones, JdbcClient jdbc, Clock clock, AuditTrail audit) {
        this.templates = INDUSTRIES.stream().map(IndustryTemplates::load).toList();
        this.versions = versions;
        this.zones = zones;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
    }

    public List<Summary> list() {
        return templates.stream().map(Summary::of).toList();
    }

    public Template get(@Nullable String industry) {
        return templates.stream().filter(template -> template.industry().equals(industry)).findFirst()
                .orElseThrow(() -> DomainException.invalidField("industry", "one of " + INDUSTRIES));
    }

    /** Applies the template to the current tenant, or answers what it made the first time. */
    @Transactional
    public Applied apply(@Nullable String industry, @Nullable String actor) {
        Template template = get(industry);
        jdbc.sql("select pg_advisory_xact_lock(hashtext('tenant-template:' || platform.current_tenant()))").query().singleRow();
        Optional<Applied> earlier = applied();
        if (earlier.isPresent()) {
            if (!earlier.get().industry().equals(template.industry())) {
                throw DomainException.conflict("template-applied", "The " + earlier.get().industry()
                        + " template was applied to this tenant already: change its programme instead");
            }
            return earlier.get();
        }
        Instant now = clock.instant();
        var draft = versions.draft(template.rules(), now, null, "行业模板：" + template.name(), actor);
        versions.publish(draft.id(), actor);
        List<UUID> zoneIds = template.zones().stream().map(zone -> zones.create(zone).id()).toList();
        jdbc.sql("""
                        insert into platform.tenant_template (tenant_id, industry, rule_version_id, zone_ids, applied_at)
                        values (platform.current_tenant(), ?, ?, ?, ?)""")
                .params(template.industry(), draft.id(), zoneIds.toArray(UUID[]::new), Timestamp.from(now))
                .update();
        var applied = new Applied(template.industry(), draft.id(), zoneIds, now, true);
        audit.record(AuditedChange.of("tenant-template", template.industry(), null, applied));
        return applied;
    }

    private Optional<Applied> applied() {
        return jdbc.sql("select industry, rule_version_id, zone_ids, applied_at from platform.tenant_template where tenant_id = platform.current_tenant()")
                .query((rs, n) -> new Applied(rs.getString(1), rs.getObject(2, UUID.class),
                        Arrays.asList((UUID[]) rs.getArray(3).getArray()), rs.getTimestamp(4).toInstant(), false))
                .optional();
    }

    private static Template load(String industry) {
        try (InputStream in = new ClassPathResource("onboarding/templates/" + industry + ".json").getInputStream()) {
            return RuleVersions.JSON.readValue(in, Template.class);
        } catch (IOException e) {
            throw new UncheckedIOException("The industry template " + industry + " could not be read", e);
        }
    }
}
