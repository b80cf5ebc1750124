package io.jifen.platform.me;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.tier.MemberTiers;

/** A member's tier on the ladder of the rules in effect, and how far the next tier is (the member API and the mall's pages). */
@Service
public class MemberProgress {

    /** The member's tier, its score and how far the next tier is (null when on the top tier or without a ladder). */
    public record TierProgress(@Nullable String code, @Nullable String name, long score, @Nullable NextTier next) {
    }

    public record NextTier(String code, String name, long minScore, long scoreToGo) {
    }

    private final MemberTiers tiers;
    private final RuleVersions rules;
    private final Clock clock;

    MemberProgress(MemberTiers tiers, RuleVersions rules, Clock clock) {
        this.tiers = tiers;
        this.rules = rules;
        this.clock = clock;
    }

    public TierProgress tier(UUID member) {
        var tier = tiers.tier(member);
        List<RuleSet.Tier> ladder = rules.effectiveAt(clock.instant()).map(v -> v.rules().tiers()).filter(Objects::nonNull).orElse(List.of());
        long reached = ladder.stream().filter(t -> t.code().equals(tier.code())).mapToLong(RuleSet.Tier::minScore).findFirst().orElse(Long.MIN_VALUE);
        NextTier next = ladder.stream()
                .filter(t -> t.minScore() > reached && t.minScore() > tier.score())
                .min(Comparator.comparingLong(RuleSet.Tier::minScore))
                .map(t -> new NextTier(t.code(), t.name(), t.minScore(), t.minScore() - tier.score()))
                .orElse(null);
        return new TierProgress(tier.code(), tier.name(), tier.score(), next);
    }
}
