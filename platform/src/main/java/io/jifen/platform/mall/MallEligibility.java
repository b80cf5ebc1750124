package io.jifen.platform.mall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.member.Audience;
import io.jifen.platform.member.Member;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.segment.MemberSegments;
import io.jifen.platform.task.MemberTasks;
import io.jifen.platform.tier.MemberTiers;

/**
 * Who may redeem what: an item in no zone is open to every member; an item in zones is open to a member if any of its
 * zones admits them (see {@link Zone}); an item that requires an unlock ({@link ItemUnlocks}) is open only to members who
 * have unlocked its code, whatever its zones say. A member admitted only by open FESTIVAL zones pays with points that
 * expired within the last year ({@link Verdict#expiredPoints()}). {@link #check} refuses with the reason; the batch
 * {@link #verdicts} and {@link #visible} serve listings (one query for all the items' zones, the member's facts read once).
 */
@Service
public class MallEligibility {

    /**
     * Whether the member may redeem the item at the time asked, and if not, the refusal's problem type and why.
     * {@code expiredPoints}: admitted by open FESTIVAL zones only, so paid with revivable points (积分复活节).
     */
    public record Verdict(String ref, boolean admitted, @Nullable String refusal, @Nullable String detail, boolean expiredPoints) {

        static Verdict admit(ItemRef ref, boolean expiredPoints) {
            return new Verdict(ref.toString(), true, null, null, expiredPoints);
        }

        static Verdict refuse(ItemRef ref, String refusal, String detail) {
            return new Verdict(ref.toString(), false, refusal, detail, false);
        }
    }

    private record Refusal(String type, String detail) {
    }

    private static final Map<String, String> TITLES = Map.of(
            "zone-closed", "Zone closed",
            "festival-closed", "Festival closed",
            "new-members-only", "New members only",
            "zone-members-only", "Zone members only",
            "tier-required", "Tier required",
            "segment-required", "Segment required",
            "unlock-required", "Unlock required");

    private final MallZones zones;
    private final ItemUnlocks unlocks;
    private final MemberDirectory members;
    private final MemberTiers tiers;
    private final MemberSegments segments;
    private final MemberTasks tasks;
    private final ItemRulesCache itemRules;

    MallEligibility(MallZones zones, ItemUnlocks unlocks, MemberDirectory members, MemberTiers tiers, MemberSegments segments, MemberTasks tasks,
                    ItemRulesCache itemRules) {
        this.itemRules = itemRules;
        this.zones = zones;
        this.unlocks = unlocks;
        this.members = members;
        this.tiers = tiers;
        this.segments = segments;
        this.tasks = tasks;
    }

    /**
     * The member may redeem the item at {@code at}: answers how (whether with expired points); otherwise a 422 whose type
     * says why ({@code zone-members-only}, {@code new-members-only}, {@code tier-required}, {@code segment-required},
     * {@code zone-closed}, {@code festival-closed}, {@code unlock-required}) and whose detail names the zones. A member
     * who does not exist is a 404.
     */
    @Transactional(readOnly = true)
    public Verdict check(UUID memberId, ItemRef ref, Instant at) {
        Verdict verdict = verdicts(memberId, List.of(ref), at).get(ref);
        if (!verdict.admitted()) {
            throw new DomainException(ProblemKind.REFUSED, verdict.refusal(), TITLES.get(verdict.refusal()), verdict.detail());
        }
        return verdict;
    }

    /** Whether the member may redeem the item at {@code at} (what {@link #check} would allow). */
    @Transactional(readOnly = true)
    public boolean visible(UUID memberId, ItemRef ref, Instant at) {
        return verdicts(memberId, List.of(ref), at).get(ref).admitted();
    }

    /** Those of the items the member may redeem at {@code at}: what a member's listing shows. */
    @Transactional(readOnly = true)
    public Set<ItemRef> visible(UUID memberId, Collection<ItemRef> refs, Instant at) {
        return verdicts(memberId, refs, at).entrySet().stream().filter(e -> e.getValue().admitted()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** The verdict on each of the items, in the order given: one query for their zones, one for their unlocks. */
    @Transactional(readOnly = true)
    public Map<ItemRef, Verdict> verdicts(UUID memberId, Collection<ItemRef> refs, Instant at) {
        members.status(memberId);
        return judge(memberId, refs, at);
    }

    /** The verdicts on items named by their text form (the HTTP API): an unknown member is a 404 before a bad reference is a 400. */
    @Transactional(readOnly = true)
    List<Verdict> answer(UUID memberId, List<String> refs, Instant at) {
        members.status(memberId);
        List<ItemRef> parsed = new ArrayList<>();
        for (String ref : refs) {
            parsed.add(ItemRef.parse(ref, "ref"));
        }
        return List.copyOf(judge(memberId, parsed, at).values());
    }

    /** The verdicts for a member known to exist; what the zones ask of the member is read only if a zone asks it. */
    private Map<ItemRef, Verdict> judge(UUID memberId, Collection<ItemRef> refs, Instant at) {
        Facts facts = new Facts(memberId);
        Map<ItemRef, ItemRulesCache.Rules> rules = refs.isEmpty() ? Map.of() : itemRules.rules.getAll(refs, missing -> {
            Map<ItemRef, List<Zone>> zonesByRef = zones.zonesOf(missing);
            Map<ItemRef, String> required = unlocks.required(missing);
            Map<ItemRef, ItemRulesCache.Rules> read = new HashMap<>();
            missing.forEach(ref -> read.put(ref, new ItemRulesCache.Rules(List.copyOf(zonesByRef.getOrDefault(ref, List.of())), required.get(ref))));
            return read;
        });
        Map<ItemRef, Verdict> verdicts = new LinkedHashMap<>();
        for (ItemRef ref : refs) {
            ItemRulesCache.Rules its = rules.get(ref);
            verdicts.put(ref, verdict(ref, its.zones(), its.unlockCode(), facts, at));
        }
        return verdicts;
    }

    private Verdict verdict(ItemRef ref, List<Zone> itsZones, @Nullable String unlockCode, Facts facts, Instant at) {
        boolean expiredPoints = false;
        if (!itsZones.isEmpty()) {
            List<Zone> admitting = new ArrayList<>();
            List<Refusal> refusals = new ArrayList<>();
            for (Zone zone : itsZones) {
                Refusal refusal = refusal(zone, facts, at);
                if (refusal == null) {
                    admitting.add(zone);
                } else {
                    refusals.add(refusal);
                }
            }
            if (admitting.isEmpty()) {
                return Verdict.refuse(ref, refusals.getFirst().type(),
                        "Item " + ref + " is for its zones' members only: " + refusals.stream().map(Refusal::detail).collect(Collectors.joining("; ")));
            }
            expiredPoints = admitting.stream().allMatch(zone -> zone.kind() == Zone.Kind.FESTIVAL);
        }
        if (unlockCode != null && !facts.unlocked(unlockCode)) {
            return Verdict.refuse(ref, "unlock-required", "Item " + ref + " is for members who unlocked '" + unlockCode
                    + "' by completing the task or task package that unlocks it");
        }
        return Verdict.admit(ref, expiredPoints);
    }

    /** Why the zone does not admit the member at {@code at}, or null if it does. */
    private @Nullable Refusal refusal(Zone zone, Facts facts, Instant at) {
        String name = "zone '" + zone.title() + "'";
        if (!zone.openAt(at)) {
            String when = zone.status() == Zone.Status.INACTIVE ? "is inactive"
                    : "is open from " + (zone.startsAt() == null ? "its start" : zone.startsAt()) + " to " + (zone.endsAt() == null ? "its end" : zone.endsAt())
                            + ", not at " + at;
            return new Refusal(zone.kind() == Zone.Kind.FESTIVAL ? "festival-closed" : "zone-closed", name + " " + when);
        }
        return switch (zone.kind()) {
            case FESTIVAL -> null;
            case NEW_MEMBERS -> facts.member().createdAt().isAfter(at.minus(Duration.ofDays(zone.newMemberDays()))) ? null
                    : new Refusal("new-members-only", name + " is for members who joined in the last " + zone.newMemberDays()
                            + " days; the member joined at " + facts.member().createdAt());
            case EMPLOYEES -> audience(zone, name, Audience.EMPLOYEE, facts);
            case DEALERS -> audience(zone, name, Audience.DEALER, facts);
            case GUIDES -> audience(zone, name, Audience.SALES_GUIDE, facts);
            case TIERS -> {
                String tier = facts.tier();
                yield tier != null && zone.tierCodes().contains(tier) ? null
                        : new Refusal("tier-required", name + " is for the tiers " + zone.tierCodes() + "; the member's tier is "
                                + (tier == null ? "none" : tier));
            }
            case SEGMENT -> {
                String segment = facts.segment();
                yield zone.segment().equals(segment) ? null
                        : new Refusal("segment-required", name + " is for members of the segment " + zone.segment() + "; the member's is "
                                + (segment == null ? "not scored yet" : segment));
            }
        };
    }

    private static @Nullable Refusal audience(Zone zone, String name, Audience audience, Facts facts) {
        return facts.member().audience() == audience ? null
                : new Refusal("zone-members-only", name + " is for " + audience + " members only; the member is " + facts.member().audience());
    }

    /** What the zones ask of the member, each read once and only if a zone asks it. */
    private final class Facts {

        final UUID memberId;
        private @Nullable Member member;
        private boolean tierRead;
        private @Nullable String tier;
        private boolean segmentRead;
        private @Nullable String segment;
        private final Map<String, Boolean> unlocked = new LinkedHashMap<>();

        Facts(UUID memberId) {
            this.memberId = memberId;
        }

        /** The member's record (its audience, when it joined), read only for zones that ask: it has sealed fields to open. */
        Member member() {
            if (member == null) {
                member = members.get(memberId);
            }
            return member;
        }

        @Nullable String tier() {
            if (!tierRead) {
                RuleSet.Tier inEffect = tiers.inEffect(memberId);
                tier = inEffect == null ? null : inEffect.code();
                tierRead = true;
            }
            return tier;
        }

        @Nullable String segment() {
            if (!segmentRead) {
                segment = segments.codes(List.of(memberId)).get(memberId);
                segmentRead = true;
            }
            return segment;
        }

        boolean unlocked(String code) {
            return unlocked.computeIfAbsent(code, c -> tasks.hasUnlocked(memberId, c));
        }
    }
}
