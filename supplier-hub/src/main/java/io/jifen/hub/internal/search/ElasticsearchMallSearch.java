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
import io.jifen.hub.CatalogUnavailable;
import io.jifen.hub.MallPage;
import io.jifen.hub.MallQuery;
import io.jifen.hub.MallSearch;

/**
 * Searches a tenant's mall in the catalog index: its own items and its selection of SKUs are documents of one index,
 * each carrying the tenant's points price as a nested selection entry, so one query finds, ranks (the same analyzer and
 * statistics), filters, sorts by points, counts and pages both. Every query filters on the tenant twice: the nested
 * selection entry must be the tenant's, and a tenant item must be the tenant's own ({@code tenantId}); documents are
 * fetched without their selections (other tenants' prices), the tenant's price comes as the nested filter's inner hit.
 */
@Service
class ElasticsearchMallSearch implements MallSearch {

    private static final String POINTS = "points";

    private final ElasticsearchClient client;
    private final CatalogIndex index;

    ElasticsearchMallSearch(ElasticsearchClient client, CatalogIndex index) {
        this.client = client;
        this.index = index;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MallPage search(MallQuery query) {
        index.ensure();
        MsearchRequest request = MsearchRequest.of(m -> m.index(index.alias())
                .searches(counts -> counts.header(h -> h).body(b -> facets(b.query(query(query, false)).size(0).trackTotalHits(t -> t.enabled(true)))))
                .searches(page -> page.header(h -> h).body(b -> hits(b.query(query(query, true)), query))));
        MsearchResponse<Map> response = CatalogIndex.call(() -> client.msearch(request, Map.class));
        var countsItem = response.responses().get(0);
        var pageItem = response.responses().get(1);
        if (countsItem.isFailure() || pageItem.isFailure()) {
            var failure = countsItem.isFailure() ? countsItem.failure() : pageItem.failure();
            throw new CatalogUnavailable("Elasticsearch refused the mall search: " + failure.error().reason(), null);
        }
        List<MallPage.Hit> hits = new ArrayList<>();
        pageItem.result().hits().hits().forEach(hit -> hits.add(hit((Map<String, Object>) hit.source(), pointsPrice(hit))));
        Map<String, List<CatalogPage.Bucket>> facets = new LinkedHashMap<>();
        countsItem.result().aggregations().forEach((name, aggregate) -> facets.put(name, buckets(aggregate)));
        var total = countsItem.result().hits().total();
        return new MallPage(total == null ? hits.size() : total.value(), hits, facets);
    }

    private static MultisearchBody.Builder facets(MultisearchBody.Builder body) {
        return body.aggregations("kind", a -> a.terms(t -> t.field("deliveryKind").size(20)))
                .aggregations("category", a -> a.terms(t -> t.field("topCategory").size(50)))
                .aggregations("origin", a -> a.terms(t -> t.field("origin").size(2)));
    }

    private static MultisearchBody.Builder hits(MultisearchBody.Builder body, MallQuery query) {
        body.from(query.page() * query.size()).size(query.size()).trackTotalHits(t -> t.enabled(false))
                .source(src -> src.filter(f -> f.excludes("selections")));
        switch (query.sort()) {
            case POINTS_ASCENDING, POINTS_DESCENDING -> body.sort(o -> o.field(f -> f.field("selections.pointsPrice")
                    .order(query.sort() == MallQuery.Sort.POINTS_ASCENDING ? SortOrder.Asc : SortOrder.Desc)
                    .nested(n -> n.path("selections").filter(tenantEntry(query)))));
            case NEWEST -> body.sort(o -> o.field(f -> f.field("updatedAt").order(SortOrder.Desc)));
            case RELEVANCE -> body.sort(o -> o.score(s -> s.order(SortOrder.Desc)));
        }
        // Ties in a stable order, for paging: a SKU by supplier and id, an own item by its ref.
        return body.sort(o -> o.field(f -> f.field("supplierId"))).sort(o -> o.field(f -> f.field("skuId"))).sort(o -> o.field(f -> f.field("ref")));
    }

    /** The tenant's listed items; with {@code withPoints}, the tenant's selection entry comes back as an inner hit. */
    private static Query query(MallQuery query, boolean withPoints) {
        String tenant = query.tenant().toString();
        String at = query.at().toString();
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (query.text() != null && !query.text().isBlank()) {
            String text = query.text().strip();
            bool.must(m -> m.match(mm -> mm.field("searchText").query(text).operator(Operator.And)));
        }
        // The tenant's selection entry (a selected SKU's price, or an own item's), within the points bounds.
        bool.filter(f -> f.nested(n -> {
            n.path("selections").query(q -> q.bool(entry -> {
                entry.filter(tenantEntry(query));
                if (query.minPoints() != null || query.maxPoints() != null) {
                    entry.filter(range -> range.range(r -> r.untyped(u -> {
                        u.field("selections.pointsPrice");
                        if (query.minPoints() != null) {
                            u.gte(JsonData.of(query.minPoints()));
                        }
                        if (query.maxPoints() != null) {
                            u.lte(JsonData.of(query.maxPoints()));
                        }
                        return u;
                    })));
                }
                return entry;
            }));
            return withPoints ? n.innerHits(i -> i.name(POINTS).size(1)) : n;
        }));
        bool.filter(f -> f.term(t -> t.field("listed").value(true)));
        // Own items of this tenant (sold out or not), or SKUs in stock: never another tenant's item.
        bool.filter(f -> f.bool(either -> either.minimumShouldMatch("1")
                .should(own -> own.bool(b -> b.filter(t -> t.term(o -> o.field("origin").value(TenantItemIndex.ORIGIN_TENANT)))
                        .filter(t -> t.term(o -> o.field("tenantId").value(tenant)))))
                .should(sku -> sku.bool(b -> b.filter(t -> t.term(o -> o.field("origin").value(TenantItemIndex.ORIGIN_HUB)))
                        .filter(t -> t.term(o -> o.field("inStock").value(FieldValue.of(true))))))));
        // Inside the visibility window (SKUs have none).
        bool.mustNot(m -> m.range(r -> r.untyped(u -> u.field("visibleFrom").gt(JsonData.of(at)))));
        bool.mustNot(m -> m.range(r -> r.untyped(u -> u.field("visibleTo").lte(JsonData.of(at)))));
        if (query.kind() != null) {
            bool.filter(f -> f.term(t -> t.field("deliveryKind").value(query.kind())));
        }
        if (query.categoryId() != null) {
            bool.filter(f -> f.term(t -> t.field("categoryIds").value(query.categoryId())));
        }
        List<String> hidden = new ArrayList<>();
        query.hiddenItems().forEach(ref -> hidden.add(TenantItemIndex.documentId(query.tenant(), ref)));
        query.hiddenSkus().forEach(sku -> hidden.add(sku.supplierId() + ":" + sku.skuId()));
        if (!hidden.isEmpty()) {
            bool.mustNot(m -> m.ids(i -> i.values(hidden)));
        }
        return bool.build()._toQuery();
    }

    private static Query tenantEntry(MallQuery query) {
        return Query.of(q -> q.term(t -> t.field("selections.tenantId").value(query.tenant().toString())));
    }

    @SuppressWarnings("unchecked")
    private static long pointsPrice(co.elastic.clients.elasticsearch.core.search.Hit<Map> hit) {
        var inner = hit.innerHits().get(POINTS);
        if (inner == null || inner.hits().hits().isEmpty() || inner.hits().hits().getFirst().source() == null) {
            throw new CatalogUnavailable("a mall hit came without its points price: " + hit.id(), null);
        }
        return ((Number) inner.hits().hits().getFirst().source().to(Map.class).get("pointsPrice")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static MallPage.Hit hit(Map<String, Object> source, long points) {
        boolean own = TenantItemIndex.ORIGIN_TENANT.equals(source.get("origin"));
        Object attributes = source.get("attributes");
        return new MallPage.Hit(own ? (String) source.get("ref") : null, own ? null : (String) source.get("supplierId"),
                own ? null : (String) source.get("skuId"), (String) source.get("title"), (String) source.get("image"),
                (String) source.get("deliveryKind"), points, Boolean.TRUE.equals(source.get("inStock")), Boolean.TRUE.equals(source.get("lowStock")),
                attributes instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of());
    }

    private static List<CatalogPage.Bucket> buckets(Aggregate aggregate) {
        List<CatalogPage.Bucket> buckets = new ArrayList<>();
        if (aggregate.isSterms()) {
            aggregate.sterms().buckets().array().forEach(b -> buckets.add(new CatalogPage.Bucket(b.key().stringValue(), b.docCount())));
        }
        return buckets;
    }
}
