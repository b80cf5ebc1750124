package io.jifen.platform.mall;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import io.jifen.hub.CatalogPage;
import io.jifen.hub.MallPage;
import io.jifen.hub.MallQuery;
import io.jifen.hub.MallSearch;
import io.jifen.hub.TenantSelections;
import io.jifen.platform.ledger.PointType;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The mall as a member sees it, in the current tenant: one search over the tenant's own items and its selection of hub
 * SKUs ({@link MallSearch}), ranked, faceted and paged together, each priced as {@link MallPrices} shows it with the
 * point types and deduction rules in force now; and one item's detail, read from the database. What the
 * {@link MallListingFilter}s hide from the member is left out of both.
 */
@Service
public class MallListing {

    public enum StockState { IN_STOCK, LOW, SOLD_OUT }

    /**
     * An item as listed: its reference (ItemRef text), what it is, its price ({@code points} and {@code cashFen} a unit;
     * for CASH_WITH_POINTS the cash price, of which up to {@code deductiblePoints} points may pay {@code deductibleFen})
     * and whether it is in stock.
     */
    public record Entry(String ref, String title, @Nullable String image, String kind, Quotes.Payment payment, long points, long cashFen,
                        @Nullable Long deductiblePoints, @Nullable Long deductibleFen, StockState stock) {
    }

    /** A page of the listing, with the total and the facet counts over every match (kind, category, origin). */
    public record Page(long total, int page, int size, List<Entry> items, Map<String, List<CatalogPage.Bucket>> facets) {
    }

    /** One item for a member: the listing's fields, what it is in full, and whether (and when) it is redeemable. */
    public record Detail(String ref, String title, @Nullable String description, List<String> images, String kind, Quotes.Payment payment,
                         long points, long cashFen, @Nullable Long deductiblePoints, @Nullable Long deductibleFen, StockState stock,
                         boolean redeemableNow, @Nullable Instant redeemableFrom, @Nullable Instant redeemableTo, @Nullable Integer limitPerMember,
                         @Nullable Integer limitPerMemberPerDay) {
    }

    /** What a member asks of the listing. */
    public record Request(@Nullable String text, @Nullable String kind, @Nullable String category, @Nullable Long minPoints, @Nullable Long maxPoints,
                          MallQuery.Sort sort, int page, int size) {
    }

    private final MallSearch search;
    private final MallItems items;
    private final TenantSelections selections;
    private final PointTypeCatalog pointTypes;
    private final DeductionRules deductionRules;
    private final ObjectProvider<MallListingFilter> filters;
    private final Clock clock;

    MallListing(MallSearch search, MallItems items, TenantSelections selections, PointTypeCatalog pointTypes, DeductionRules deductionRules,
                ObjectProvider<MallListingFilter> filters, Clock clock) {
        this.search = search;
        this.items = items;
        this.selections = selections;
        this.pointTypes = pointTypes;
        this.deductionRules = deductionRules;
        this.filters = filters;
        this.clock = clock;
    }

    /** The items the member may see and redeem now; a 503 {@code catalog-unavailable} while the index cannot answer. */
    public Page list(UUID memberId, Request request) {
        UUID tenant = TenantContext.require();
        Set<String> hiddenItems = new HashSet<>();
        Set<MallQuery.Sku> hiddenSkus = new HashSet<>();
        hidden(memberId).forEach(ref -> {
            if (ref.isOwn()) {
                hiddenItems.add(ref.toString());
            } else {
                hiddenSkus.add(new MallQuery.Sku(ref.supplier(), ref.skuId()));
            }
        });
        MallQuery query = CatalogProblems.query(() -> new MallQuery(tenant, request.text(), request.kind(), request.category(), request.minPoints(),
                request.maxPoints(), clock.instant(), hiddenItems, hiddenSkus, request.sort(), request.page(), request.size()));
        MallPage found = CatalogProblems.searchable(() -> search.search(query));
        Pricing pricing = new Pricing();
        List<Entry> entries = found.hits().stream().map(hit -> entry(hit, pricing)).toList();
        return new Page(found.total(), request.page(), request.size(), entries, found.facets());
    }

    /** One item the member may see now, from the database (not the index); anything else is a 404. */
    public Detail detail(UUID memberId, ItemRef ref) {
        if (hidden(memberId).contains(ref)) {
            throw notFound(ref);
        }
        Instant now = clock.instant();
        if (!ref.isOwn()) {
            var sku = selections.find(TenantContext.require(), ref.supplier(), ref.skuId()).orElseThrow(() -> notFound(ref));
            return new Detail(ref.toString(), sku.title(), null, List.of(), sku.deliveryKind().name(), Quotes.Payment.POINTS, sku.pointsPrice(), 0,
                    null, null, sku.orderable() ? StockState.IN_STOCK : StockState.SOLD_OUT, sku.orderable(), null, null, null, null);
        }
        Item item;
        try {
            item = items.get(ref.itemId());
        } catch (DomainException e) {
            throw notFound(ref);
        }
        if (item.status() != Item.Status.ON_SALE || !visible(item, now)) {
            throw notFound(ref);
        }
        MallPrices.Shown price = new Pricing().shown(item.price(), item.pointType());
        return new Detail(ref.toString(), item.title(), item.description(), item.images(), item.kind().name(), price.payment(), price.points(),
                price.cashFen(), price.deductiblePoints(), price.deductibleFen(), stock(item.stock() > 0, item.lowStock()),
                item.redeemableAt(now) && item.stock() > 0, item.redeemableFrom(), item.redeemableTo(), item.limitPerMember(),
                item.limitPerMemberPerDay());
    }

    /**
     * The newest own items the member may see now, read from the database (not the index): what the mall's home shows,
     * so it has something to offer while the search index is down (the listing is then a 503).
     */
    public List<Entry> latest(UUID memberId, int size) {
        Set<ItemRef> hidden = hidden(memberId);
        Instant now = clock.instant();
        Pricing pricing = new Pricing();
        return items.list(Item.Status.ON_SALE, null, Math.min(200, size * 4)).stream()
                .filter(item -> visible(item, now) && !hidden.contains(ItemRef.own(item.id())))
                .limit(size)
                .map(item -> {
                    MallPrices.Shown price = pricing.shown(item.price(), item.pointType());
                    return new Entry(ItemRef.own(item.id()).toString(), item.title(), item.images().isEmpty() ? null : item.images().getFirst(),
                            item.kind().name(), price.payment(), price.points(), price.cashFen(), price.deductiblePoints(), price.deductibleFen(),
                            stock(item.stock() > 0, item.lowStock()));
                })
                .toList();
    }

    private Set<ItemRef> hidden(UUID memberId) {
        Set<ItemRef> hidden = new HashSet<>();
        filters.orderedStream().forEach(filter -> hidden.addAll(filter.hiddenFrom(memberId)));
        return hidden;
    }

    private Entry entry(MallPage.Hit hit, Pricing pricing) {
        if (!hit.isOwnItem()) {
            return new Entry(ItemRef.hub(hit.supplierId(), hit.skuId()).toString(), hit.title(), hit.image(), hit.kind(), Quotes.Payment.POINTS,
                    hit.pointsPrice(), 0, null, null, StockState.IN_STOCK);
        }
        MallPrices.Shown price = pricing.shown(MallPrices.price(hit.attributes()), hit.attributes().get(MallPrices.POINT_TYPE));
        return new Entry(hit.itemRef(), hit.title(), hit.image(), hit.kind(), price.payment(), price.points(), price.cashFen(), price.deductiblePoints(),
                price.deductibleFen(), stock(hit.inStock(), hit.lowStock()));
    }

    private static StockState stock(boolean inStock, boolean low) {
        return !inStock ? StockState.SOLD_OUT : low ? StockState.LOW : StockState.IN_STOCK;
    }

    private static boolean visible(Item item, Instant at) {
        return (item.visibleFrom() == null || !at.isBefore(item.visibleFrom())) && (item.visibleTo() == null || at.isBefore(item.visibleTo()));
    }

    private static DomainException notFound(ItemRef ref) {
        return DomainException.notFound("Mall item " + ref);
    }

    /** Prices of one answer: each point type, and the deduction rules, read once. */
    private final class Pricing {

        private final Map<String, PointType> types = new HashMap<>();
        private List<Quotes.DeductionRule> rules;

        MallPrices.Shown shown(Quotes.Price price, String pointType) {
            PointType type = types.computeIfAbsent(pointType, pointTypes::byCode);
            if (price.payment() != Quotes.Payment.CASH_WITH_POINTS) {
                return MallPrices.shown(price, type, List.of());
            }
            if (rules == null) {
                rules = deductionRules.list();
            }
            return MallPrices.shown(price, type, rules);
        }
    }
}
