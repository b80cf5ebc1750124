package io.jifen.platform.earning;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.ledger.MemberLoanLimits;
import io.jifen.platform.ledger.PointTypeCatalog;

/** A member's loan limit is their tier's perk, in the point type the rules in effect earn. */
@Component
class TierLoanLimits implements MemberLoanLimits {

    private final JdbcClient jdbc;
    private final RuleVersions versions;
    private final Clock clock;

    TierLoanLimits(JdbcClient jdbc, RuleVersions versions, Clock clock) {
        this.jdbc = jdbc;
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
        String code = jdbc.sql("select tier_code from platform.earning_member_tier where tenant_id = platform.current_tenant() and member_id = ?")
                .param(memberId).query(String.class).optional().orElse(null);
        return rules.tiers().stream()
                .filter(tier -> tier.code().equals(code) && tier.loanLimit() != null)
                .mapToLong(RuleSet.Tier::loanLimit)
                .findFirst();
    }
}
