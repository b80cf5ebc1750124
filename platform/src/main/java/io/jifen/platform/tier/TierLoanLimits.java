package io.jifen.platform.tier;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.platform.ledger.MemberLoanLimits;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;

/** A member's loan limit is their tier's perk, in the point type the rules in effect earn. */
@Component
class TierLoanLimits implements MemberLoanLimits {

    private final MemberTiers tiers;
    private final RuleVersions versions;
    private final Clock clock;

    TierLoanLimits(MemberTiers tiers, RuleVersions versions, Clock clock) {
        this.tiers = tiers;
        this.versions = versions;
        this.clock = clock;
    }

    @Override
    public OptionalLong limit(UUID memberId, String pointTypeCode) {
        var rules = versions.effectiveAt(clock.instant()).map(RuleVersions.Version::rules).orElse(null);
        if (rules == null || rules.tiers() == null
                || !pointTypeCode.equals(rules.pointType() == null ? PointTypeCatalog.DEFAULT_CODE : rules.pointType())) {
            return OptionalLong.empty();
        }
        RuleSet.Tier tier = tiers.current(memberId, rules);
        return tier == null || tier.loanLimit() == null ? OptionalLong.empty() : OptionalLong.of(tier.loanLimit());
    }
}
