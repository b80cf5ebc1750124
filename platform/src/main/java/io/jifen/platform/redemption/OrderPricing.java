package io.jifen.platform.redemption;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.jifen.hub.TenantSelections;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.mall.FlashSales;
import io.jifen.platform.mall.Item;
import io.jifen.platform.mall.ItemRef;
import io.jifen.platform.mall.MallEligibility;
import io.jifen.platform.mall.MallQuotes;
import io.jifen.platform.mall.Quotes;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tier.MemberTiers;

/**
 * What a member pays for a quantity of an item, and what the order needs to know of the item: an own item through the
 * mall's quote (its windows, stock, limits, deduction rules and the tier's fee), a hub SKU of the tenant's selection at
 * the tenant's points price plus the tier's fee.
 */
@Component
class OrderPricing {

    /** The most units of a hub SKU in one order (the hub's own bound). */
    static final int MAX_HUB_QUANTITY = 99;

    private final MallQuotes quotes;
    private final FlashSales flashSales;
    private final MallEligibility eligibility;
    private final TenantSelections selections;
    private final MemberDirectory members;
    private final MemberTiers tiers;
    private final Clock clock;

    OrderPricing(MallQuotes quotes, FlashSales flashSales, MallEligibility eligibility, TenantSelections selections, MemberDirectory members, MemberTiers tiers, Clock clock) {
        this.quotes = quotes;
        this.flashSales = flashSales;
        this.eligibility = eligibility;
        this.selections = selections;
        this.members = members;
        this.tiers = tiers;
        this.clock = clock;
    }

    OrderQuote price(UUID memberId, ItemRef ref, long quantity, @Nullable Long points, @Nullable UUID flashSale) {
        return price(memberId, ref, quantity, points, flashSale, false);
    }

    /** The order's price; {@code unitClaimed}: the member holds a unit of the flash sale (a sold-out sale is no refusal). */
    OrderQuote price(UUID memberId, ItemRef ref, long quantity, @Nullable Long points, @Nullable UUID flashSale, boolean unitClaimed) {
        if (flashSale != null) {
            return flash(memberId, ref, quantity, points, flashSale, unitClaimed);
        }
        return ref.isOwn() ? own(memberId, ref, quantity, points) : hub(memberId, ref, quantity, points);
    }

    private OrderQuote flash(UUID memberId, ItemRef ref, long quantity, @Nullable Long points, UUID saleId, boolean unitClaimed) {
        FlashSales.FlashSale sale = flashSales.find(saleId).orElseThrow(() -> DomainException.notFound("Flash sale " + saleId));
        if (!ref.isOwn() || !sale.itemId().equals(ref.itemId())) {
            throw DomainException.invalidField("flashSale", "is a sale of item:" + sale.itemId() + ", not of " + ref);
        }
        if (quantity != 1) {
            throw DomainException.invalidField("quantity", "one unit per member in a flash sale");
        }
        if (points != null) {
            throw DomainException.invalidField("points", "a flash sale is paid in points at its price: leave points out");
        }
        if (sale.sold() >= sale.stock() && !unitClaimed) {
            // What the sale had is sold (units come back only when an order is refused or cancelled).
            throw new DomainException(ProblemKind.REFUSED, "sold-out", "Sold out", "Flash sale " + saleId + " is sold out");
        }
        MallQuotes.Priced priced = quotes.quoteFlash(sale, memberId);
        MallQuotes.QuoteView quote = priced.view();
        Item item = priced.item();
        return new OrderQuote(ref.toString(), saleId, sale.title(), fulfilment(item.kind()), null, 1, quote.pointType(), quote.points(),
                quote.feePoints(), quote.cashFen(), quote.orderFen(), quote.deductedFen(), 0, quote.tier(), null, quote.lines(), item.limitPerMember(),
                item.limitPerMemberPerDay(), quote.quotedAt(), quote.expiredPoints());
    }

    private OrderQuote own(UUID memberId, ItemRef ref, long quantity, @Nullable Long points) {
        MallQuotes.Priced priced = quotes.priced(ref.itemId(), memberId, quantity, points);
        MallQuotes.QuoteView quote = priced.view();
        Item item = priced.item();
        return new OrderQuote(ref.toString(), null, item.title(), fulfilment(item.kind()), null, quantity, quote.pointType(), quote.points(), quote.feePoints(),
                quote.cashFen(), quote.orderFen(), quote.deductedFen(), 0, quote.tier(), quote.deductionRule(), quote.lines(),
                item.limitPerMember(), item.limitPerMemberPerDay(), quote.quotedAt(), quote.expiredPoints());
    }

    private OrderQuote hub(UUID memberId, ItemRef ref, long quantity, @Nullable Long points) {
        if (quantity > MAX_HUB_QUANTITY) {
            throw DomainException.invalidField("quantity", "at most " + MAX_HUB_QUANTITY + " of a supplier's item in one order");
        }
        if (points != null) {
            throw DomainException.invalidField("points", "a supplier's item is paid in points at its price: leave points out");
        }
        var sku = selections.find(TenantContext.require(), ref.supplier(), ref.skuId())
                .orElseThrow(() -> DomainException.notFound("Item " + ref));
        boolean expiredPoints = eligibility.check(memberId, ref, clock.instant()).expiredPoints();
        var member = members.lookUp(List.of(memberId), List.of()).stream().findFirst()
                .orElseThrow(() -> DomainException.notFound("Member " + memberId));
        if (member.status() != MemberStatus.ACTIVE) {
            throw new DomainException(ProblemKind.REFUSED, "member-not-active", "Member not active", "The member is " + member.status() + " and cannot redeem");
        }
        if (!sku.orderable() || sku.costFen() == null) {
            throw new DomainException(ProblemKind.REFUSED, "item-not-redeemable", "Item not redeemable",
                    "Item " + ref + " is not on sale at its supplier now");
        }
        RuleSet.Tier tier = tiers.inEffect(memberId);
        Quotes.Quote quote = Quotes.inPoints(sku.pointsPrice(), quantity, tier == null ? null : new Quotes.TierFee(tier.code(), tier.redemptionFeePercent()));
        long cost;
        try {
            cost = Math.multiplyExact(sku.costFen(), quantity);
        } catch (ArithmeticException e) {
            throw DomainException.invalidField("quantity", "the order's cost is beyond what can be counted");
        }
        return new OrderQuote(ref.toString(), null, sku.title(), Order.Fulfilment.HUB, sku.deliveryKind(), quantity, PointTypeCatalog.DEFAULT_CODE,
                quote.points(), quote.feePoints(), 0, 0, 0, cost, tier == null ? null : tier.code(), null, quote.lines(), null, null, clock.instant(),
                expiredPoints);
    }

    private static Order.Fulfilment fulfilment(Item.Kind kind) {
        return switch (kind) {
            case PHYSICAL -> Order.Fulfilment.SHIPMENT;
            case VIRTUAL -> Order.Fulfilment.INSTANT;
            case VOUCHER_CODE -> Order.Fulfilment.CODES;
            case SERVICE -> Order.Fulfilment.SERVICE;
            case STORE_PICKUP -> Order.Fulfilment.PICKUP;
        };
    }
}
