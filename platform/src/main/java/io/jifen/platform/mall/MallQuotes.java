package io.jifen.platform.mall;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.jdbc.PendingStatements;
import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.ledger.PointType;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tier.MemberTiers;

/**
 * Quotes for a member: the item, the point type's value, the member's tier in the rules in effect (its redemption fee)
 * and the tenant's deduction rules, priced by {@link Quotes}. An item not redeemable now, or not for this member (its
 * zones and unlocks, {@link MallEligibility}), a quantity beyond the item's stock or its per-member limits, and a member
 * who is not active are refused, saying why.
 */
@Service
public class MallQuotes {

    /**
     * A quote as answered: what the member pays in points and cash, for which order, and the lines that say why.
     * {@code expiredPoints}: the member may redeem the item only through open FESTIVAL zones (积分复活节), so its points
     * are paid with points that expired within the last year ({@code Ledger.spendExpired}), not with spendable ones.
     */
    public record QuoteView(UUID itemId, UUID memberId, long quantity, String pointType, long orderFen, long points, long cashFen, long deductedFen,
                            long feePoints, @Nullable String tier, Quotes.@Nullable DeductionRule deductionRule, List<Quotes.Line> lines,
                            Instant quotedAt, boolean expiredPoints) {
    }

    private final MallItems items;
    private final DeductionRules deductionRules;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final MemberTiers tiers;
    private final MallEligibility eligibility;
    private final Clock clock;
    private final JdbcTemplate jdbcTemplate;

    MallQuotes(MallItems items, DeductionRules deductionRules, PointTypeCatalog pointTypes, MemberDirectory members, MemberTiers tiers,
               MallEligibility eligibility, Clock clock, JdbcTemplate jdbcTemplate) {
        this.items = items;
        this.deductionRules = deductionRules;
        this.pointTypes = pointTypes;
        this.members = members;
        this.tiers = tiers;
        this.eligibility = eligibility;
        this.clock = clock;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** A quote with the item it was made for, as read for it (so that an order need not read the item again). */
    public record Priced(Item item, QuoteView view) {
    }

    @Transactional(readOnly = true)
    public QuoteView quote(UUID itemId, UUID memberId, long quantity, @Nullable Long points) {
        return priced(itemId, memberId, quantity, points).view();
    }

    /** {@link #quote}, with the item. */
    @Transactional(readOnly = true)
    public Priced priced(UUID itemId, UUID memberId, long quantity, @Nullable Long points) {
        Item item = readForActiveMember(itemId, memberId);
        Instant now = clock.instant();
        if (!item.redeemableAt(now)) {
            throw refused("item-not-redeemable", "Item not redeemable", "Item " + itemId + " is " + item.status()
                    + (item.status() == Item.Status.ON_SALE ? " but outside its visibility or redemption window" : "") + " at " + now);
        }
        boolean expiredPoints = eligibility.check(memberId, ItemRef.own(itemId), now).expiredPoints();
        if (item.stock() == 0) {
            throw refused("sold-out", "Sold out", "Item " + itemId + " is sold out");
        }
        if (quantity > item.stock()) {
            throw refused("insufficient-stock", "Insufficient stock", "Item " + itemId + " has " + item.stock() + " in stock, not " + quantity);
        }
        if (item.limitPerMember() != null && quantity > item.limitPerMember()) {
            throw refused("member-limit-reached", "Member limit reached", "A member may redeem at most " + item.limitPerMember() + " of this item");
        }
        if (item.limitPerMemberPerDay() != null && quantity > item.limitPerMemberPerDay()) {
            throw refused("member-limit-reached", "Member limit reached", "A member may redeem at most " + item.limitPerMemberPerDay()
                    + " of this item a day");
        }
        PointType type = pointTypes.byCode(item.pointType());
        RuleSet.Tier tier = tiers.inEffect(memberId);
        Quotes.Quote quote = Quotes.quote(item.price(), quantity, new Quotes.PointValue(type.anchorPoints(), type.anchorAmountMinor()),
                deductionRules.list(), tier == null ? null : new Quotes.TierFee(tier.code(), tier.redemptionFeePercent()), points);
        return new Priced(item, new QuoteView(itemId, memberId, quantity, type.code(), quote.orderFen(), quote.points(), quote.cashFen(),
                quote.deductedFen(), quote.feePoints(), tier == null ? null : tier.code(), quote.deductionRule(), quote.lines(), now, expiredPoints));
    }

    /**
     * The item, with the member's status read in the same round trip (and the transaction's pending statements); an
     * unknown item or member is a 404, a member who is not active is refused.
     */
    private Item readForActiveMember(UUID itemId, UUID memberId) {
        List<Item> found = new ArrayList<>(1);
        // With what waits for the transaction's next round trip (a checkout's wallet locks), if anything does.
        SqlPipeline pending = PendingStatements.current(TenantContext.require());
        SqlPipeline reads = items.find(pending != null ? pending : new SqlPipeline(), itemId, found::add);
        members.readStatus(reads, memberId).run(jdbcTemplate);
        Item item = found.stream().findFirst().orElseThrow(() -> MallItems.notFound(itemId));
        MemberStatus status = members.status(memberId);
        if (status != MemberStatus.ACTIVE) {
            throw refused("member-not-active", "Member not active", "The member is " + status + " and cannot redeem");
        }
        return item;
    }

    /**
     * The quote for one unit of a flash sale: the sale's price in points at the point type's value, with the tier's fee.
     * The sale's window stands in for the item's redemption window; the item must still be on sale.
     */
    @Transactional(readOnly = true)
    public Priced quoteFlash(FlashSales.FlashSale sale, UUID memberId) {
        Item item = readForActiveMember(sale.itemId(), memberId);
        Instant now = clock.instant();
        if (!sale.openAt(now) || item.status() != Item.Status.ON_SALE) {
            throw refused("flash-sale-closed", "Flash sale closed", "Flash sale " + sale.id() + " runs from " + sale.startsAt() + " to " + sale.endsAt()
                    + (item.status() == Item.Status.ON_SALE ? "" : " and its item is " + item.status()) + "; it is " + now);
        }
        boolean expiredPoints = eligibility.check(memberId, ItemRef.own(item.id()), now).expiredPoints();
        PointType type = pointTypes.byCode(item.pointType());
        RuleSet.Tier tier = tiers.inEffect(memberId);
        Quotes.Quote quote = Quotes.quote(new Quotes.Price(Quotes.Payment.POINTS, sale.priceFen(), 0), 1,
                new Quotes.PointValue(type.anchorPoints(), type.anchorAmountMinor()), List.of(),
                tier == null ? null : new Quotes.TierFee(tier.code(), tier.redemptionFeePercent()), null);
        return new Priced(item, new QuoteView(item.id(), memberId, 1, type.code(), quote.orderFen(), quote.points(), quote.cashFen(), quote.deductedFen(),
                quote.feePoints(), tier == null ? null : tier.code(), quote.deductionRule(), quote.lines(), now, expiredPoints));
    }

    private static DomainException refused(String type, String title, String detail) {
        return new DomainException(ProblemKind.REFUSED, type, title, detail);
    }
}
