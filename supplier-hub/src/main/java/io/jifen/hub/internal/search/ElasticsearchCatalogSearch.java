package io.jifen.hub.internal.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.json.JsonData;
import org.springframework.stereotype.Service;

import io.jifen.hub.CatalogPage;
import io.jifen.hub.CatalogQuery;
import io.jifen.hub.CatalogSearch;
import io.jifen.hub.CatalogUnavailable;

/** Searches the hub's catalog index (see {@link CatalogIndex}). */
@Service
class ElasticsearchCatalogSearch implements CatalogSearch {

    static final int RESCORE_WINDOW = 100;
    private static final String SELECTION = "selection";

    /** Price bands of the price facet, in fen (market price). */
    static final long[] PRICE_BANDS = {10_000, 50_000, 100_000, 500_000};

    private final ElasticsearchClient client;
    private final CatalogIndex index;

    ElasticsearchCatalogSearch(ElasticsearchClient client, CatalogIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * The page of SKUs matching the query, with the total and facet counts; a {@link CatalogUnavailable} if the index
     * cannot answer. One round trip with two searches: the counts (no hits, so Elasticsearch's shard request cache
     * keeps them until the index changes; popular queries and category pages repeat) and the page of hits (no exact
     * total, so the top hits are found without visiting every match).
     */
    @Override
    @SuppressWarnings("unchecked")
    public CatalogPage search(CatalogQuery query) {
        index.ensure();
        Query filter = query(query, false);
        MsearchRequest request = MsearchRequest.of(m -> m.index(index.alias())
                .searches(counts -> counts.header(h -> h.requestCache(true)).body(b -> facets(b.query(filter).size(0)
                        .trackTotalHits(t -> t.enabled(true)))))
                .searches(page -> page.header(h -> h).body(b -> hits(b.query(query(query, true)), query))));
        MsearchResponse<Map> response = CatalogIndex.call(() -> client.msearch(request, Map.class));
        var countsItem = response.responses().get(0);
        var pageItem = response.responses().get(1);
        if (countsItem.isFailure() || pageItem.isFailure()) {
            var failure = countsItem.isFailure() ? countsItem.failure() : pageItem.failure();
            throw new CatalogUnavailable("Elasticsearch refused the search: " + failure.error().reason(), null);
        }
        var counts = countsItem.result();
        List<CatalogPage.Hit> hits = new ArrayList<>();
        pageItem.result().hits().hits().forEach(hit -> hits.add(hit((Map<String, Object>) hit.source(), pointsPrice(hit))));
        Map<String, List<CatalogPage.Bucket>> facets = new LinkedHashMap<>();
        counts.aggregations().forEach((name, aggregate) -> facets.put(name, buckets(aggregate)));
        long total = counts.hits().total() == null ? hits.size() : counts.hits().total().value();
        return new CatalogPage(total, hits, facets);
    }

    @Override
    public String reindex() {
        return index.reindex();
    }

    private static MultisearchBody.Builder facets(MultisearchBody.Builder body) {
        return body.aggregations("category", a -> a.terms(t -> t.field("topCategory").size(50)))
                .aggregations("leafCategory", a -> a.terms(t -> t.field("leafCategory").size(100)))
                .aggregations("supplier", a -> a.terms(t -> t.field("supplierId").size(20)))
                .aggregations("deliveryKind", a -> a.terms(t -> t.field("deliveryKind").size(10)))
                .aggregations("inStock", a -> a.terms(t -> t.field("inStock").size(2)))
                .aggregations("price", a -> a.range(r -> {
                    r.field("marketFen");
                    double from = 0;
                    for (long band : PRICE_BANDS) {
                        double lower = from;
                        r.ranges(range -> range.key((long) lower + "-" + band).from(lower).to((double) band));
                        from = band;
                    }
                    double last = from;
                    return r.ranges(range -> range.key((long) last + "-").from(last));
                }));
    }

    private static MultisearchBody.Builder hits(MultisearchBody.Builder body, CatalogQuery query) {
        // Never the selections: they hold every tenant's points price (the tenant's own comes as an inner hit).
        body.from(query.page() * query.size()).size(query.size()).trackTotalHits(t -> t.enabled(false))
                .source(src -> src.filter(f -> f.excludes("selections")));
        if (hasText(query) && query.sort() == CatalogQuery.Sort.RELEVANCE) {
            // Of the best matches, those with the words in the title's order rank first: a phrase query scored on the
            // top window only, not on every match.
            String text = query.text().strip();
            body.rescore(r -> r.windowSize(RESCORE_WINDOW).query(rq -> rq.rescoreQueryWeight(2.0)
                    .query(q -> q.matchPhrase(p -> p.field("title").query(text)))));
        }
        switch (query.sort()) {
            case PRICE_ASCENDING -> body.sort(o -> o.field(f -> f.field("marketFen").order(SortOrder.Asc))).sort(o -> o.field(f -> f.field("skuId")));
            case PRICE_DESCENDING -> body.sort(o -> o.field(f -> f.field("marketFen").order(SortOrder.Desc))).sort(o -> o.field(f -> f.field("skuId")));
            case NEWEST -> body.sort(o -> o.field(f -> f.field("updatedAt").order(SortOrder.Desc))).sort(o -> o.field(f -> f.field("skuId")));
            case POINTS_ASCENDING, POINTS_DESCENDING -> body.sort(o -> o.field(f -> f.field("selections.pointsPrice")
                            .order(query.sort() == CatalogQuery.Sort.POINTS_ASCENDING ? SortOrder.Asc : SortOrder.Desc)
                            .nested(n -> n.path("selections").filter(tenant(query.selectionOf())))))
                    .sort(o -> o.field(f -> f.field("skuId")));
            case RELEVANCE -> {
                // With text, by score (Elasticsearch allows no explicit sort beside a rescore); without, all score
                // alike, so by SKU for a stable order.
                if (!hasText(query)) {
                    body.sort(o -> o.field(f -> f.field("skuId")));
                }
            }
        }
        return body;
    }

    /**
     * The query and filters; with {@code pointsOfTheTenant}, the selection filter also returns the tenant's own
     * selection entry (inner hit), since documents are fetched without their selections (other tenants' prices).
     */
    private static Query query(CatalogQuery query, boolean pointsOfTheTenant) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        // The hub's SKUs only: tenants' own items share the index (MallSearch finds them).
        bool.filter(f -> f.term(t -> t.field("origin").value(TenantItemIndex.ORIGIN_HUB)));
        if (hasText(query)) {
            String text = query.text().strip();
            bool.must(m -> m.match(mm -> mm.field("searchText").query(text).operator(Operator.And)));
        }
        if (!query.includeDelisted()) {
            bool.filter(f -> f.term(t -> t.field("listed").value(true)));
        }
        if (query.supplier() != null) {
            bool.filter(f -> f.term(t -> t.field("supplierId").value(query.supplier())));
        }
        if (query.categoryId() != null) {
            bool.filter(f -> f.term(t -> t.field("categoryIds").value(query.categoryId())));
        }
        if (query.deliveryKind() != null) {
            bool.filter(f -> f.term(t -> t.field("deliveryKind").value(query.deliveryKind().name())));
        }
        if (query.minPriceFen() != null || query.maxPriceFen() != null) {
            bool.filter(f -> f.range(r -> r.untyped(u -> {
                u.field("marketFen");
                if (query.minPriceFen() != null) {
                    u.gte(JsonData.of(query.minPriceFen()));
                }
                if (query.maxPriceFen() != null) {
                    u.lte(JsonData.of(query.maxPriceFen()));
                }
                return u;
            })));
        }
        if (query.selectionOf() != null) {
            bool.filter(f -> f.nested(n -> {
                n.path("selections").query(tenant(query.selectionOf()));
                return pointsOfTheTenant ? n.innerHits(i -> i.name(SELECTION).size(1)) : n;
            }));
        }
        if (query.inStockOnly()) {
            bool.filter(f -> f.term(t -> t.field("inStock").value(FieldValue.of(true))));
        }
        return bool.build()._toQuery();
    }

    private static Query tenant(java.util.UUID tenant) {
        return Query.of(q -> q.term(t -> t.field("selections.tenantId").value(tenant.toString())));
    }

    private static boolean hasText(CatalogQuery query) {
        return query.text() != null && !query.text().isBlank();
    }

    /** The tenant's points price from the selection's inner hit; null outside a selection search. */
    @SuppressWarnings("unchecked")
    private static Long pointsPrice(co.elastic.clients.elasticsearch.core.search.Hit<Map> hit) {
        var inner = hit.innerHits().get(SELECTION);
        if (inner == null || inner.hits().hits().isEmpty() || inner.hits().hits().getFirst().source() == null) {
            return null;
        }
        return number(inner.hits().hits().getFirst().source().to(Map.class).get("pointsPrice"));
    }

    @SuppressWarnings("unchecked")
    private static CatalogPage.Hit hit(Map<String, Object> source, Long points) {
        return new CatalogPage.Hit((String) source.get("supplierId"), (String) source.get("skuId"), (String) source.get("title"),
                (String) source.get("brand"), (List<String>) source.get("categoryNames"), (String) source.get("image"),
                (String) source.get("deliveryKind"), number(source.get("marketFen")), number(source.get("costFen")),
                Boolean.TRUE.equals(source.get("inStock")), Boolean.TRUE.equals(source.get("listed")), points);
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static List<CatalogPage.Bucket> buckets(Aggregate aggregate) {
        List<CatalogPage.Bucket> buckets = new ArrayList<>();
        if (aggregate.isSterms()) {
            aggregate.sterms().buckets().array().forEach(b -> buckets.add(new CatalogPage.Bucket(b.key().stringValue(), b.docCount())));
        } else if (aggregate.isLterms()) {
            aggregate.lterms().buckets().array().forEach(b -> buckets.add(new CatalogPage.Bucket(
                    b.keyAsString() != null ? b.keyAsString() : String.valueOf(b.key()), b.docCount())));
        } else if (aggregate.isRange()) {
            aggregate.range().buckets().array().forEach(b -> buckets.add(new CatalogPage.Bucket(b.key(), b.docCount())));
        }
        return buckets;
    }
}
