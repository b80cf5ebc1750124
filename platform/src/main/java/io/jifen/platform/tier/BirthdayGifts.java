package io.jifen.platform.tier;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Birthday gifts, a tier perk: on a member's birthday in the tenant's time zone (28 February for those born on 29
 * February, in other years) they get their tier's {@code birthdayPoints}. The ledger key is
 * {@code birthday:<year>:<member>}, so however often the job runs on the day, the gift is given once a year.
 */
@Service
class BirthdayGifts {

    private final MemberDirectory members;
    private final RuleVersions versions;
    private final MemberTiers tiers;
    private final TenantRegistry tenants;
    private final Ledger ledger;

    BirthdayGifts(MemberDirectory members, RuleVersions versions, MemberTiers tiers, TenantRegistry tenants, Ledger ledger) {
        this.members = members;
        this.versions = versions;
        this.tiers = tiers;
        this.tenants = tenants;
        this.ledger = ledger;
    }

    /**
     * Gives the current tenant's members whose birthday it is at {@code asOf} their tier's gift; answers how many got
     * one. Its own transaction, the tenant's (a batch step's transaction belongs to no tenant).
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int give(Instant asOf) {
        var rules = versions.effectiveAt(asOf).map(RuleVersions.Version::rules).orElse(null);
        if (rules == null || rules.tiers() == null || rules.tiers().stream().allMatch(t -> t.birthdayPoints() == null || t.birthdayPoints() == 0)) {
            return 0;
        }
        LocalDate today = asOf.atZone(ZoneId.of(tenants.current().settings().timeZone())).toLocalDate();
        boolean leapDayless = today.getMonthValue() == 2 && today.getDayOfMonth() == 28 && !today.isLeapYear();
        List<MonthDay> days = leapDayless ? List.of(MonthDay.from(today), MonthDay.of(2, 29)) : List.of(MonthDay.from(today));
        List<UUID> born = members.activeMembersBornOn(days);
        int given = 0;
        String pointType = rules.pointType() == null ? PointTypeCatalog.DEFAULT_CODE : rules.pointType();
        for (UUID member : born) {
            RuleSet.Tier tier = tiers.current(member, rules);
            if (tier == null || tier.birthdayPoints() == null || tier.birthdayPoints() <= 0) {
                continue;
            }
            ledger.earn("birthday:" + today.getYear() + ":" + member, new Ledger.Earn(member, pointType, tier.birthdayPoints(), "birthday",
                    "生日礼 (" + tier.name() + ")", null, "system:birthday-gifts"));
            given++;
        }
        return given;
    }
}
