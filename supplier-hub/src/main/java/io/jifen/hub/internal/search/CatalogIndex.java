package io.jifen.hub.internal.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.json.JsonData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.jifen.hub.CatalogUnavailable;
import io.jifen.hub.HubProperties;
import io.jifen.hub.internal.catalog.CatalogSku;
import io.jifen.hub.internal.catalog.CatalogStore;
import io.jifen.hub.internal.catalog.SkuSelection;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * The hub's catalog index in Elasticsearch. Searches and writes go through an alias ({@code jifen-catalog}); the index
 * behind it is versioned ({@code jifen-catalog-v1}, {@code -v2} ...), so a re-index builds the next version from
 * PostgreSQL while the current one serves, then swaps the alias in one atomic step and drops the old version.
 *
 * <p>Titles are analysed with {@code jifen.hub.search.analyzer}: the local server has only the standard analyzer (one
 * token per Chinese character, which with AND matching still finds "电饭煲" in titles); a production cluster with a
 * Chinese analysis plugin sets "ik_max_word" or "smartcn" and re-indexes.
 *
 * <p>A document holds its SKU's fields, written by the catalog sync, and the tenants' selections of it (nested
 * {@code {tenantId, pointsPrice}}), each entry written by its tenant's selection change: neither write replaces the
 * other's part, so indexing never reads a tenant's selections from PostgreSQL for another tenant's change.
 */
@Component
public class CatalogIndex {

    private static final Logger log = LoggerFactory.getLogger(CatalogIndex.class);
    /**
     * The mapping's version, kept in the index's {@code _meta}. When the code's mapping changes, this goes up, and the
     * first use re-indexes into an index with the new mapping (searches keep answering from the old one meanwhile).
     */
    static final int MAPPING_VERSION = 4;

    /** Updates of a document that another update changed meanwhile are tried again (they only add or replace fields). */
    private static final int RETRY_ON_CONFLICT = 3;
    /** Rounds of writing selections into documents that other writes keep changing, before giving up. */
    private static final int SELECTION_ROUNDS = 5;

    private final ElasticsearchClient client;
    private final CatalogStore store;
    private final TenantScope tenants;
    private final HubTenants hubTenants;
    private final TenantItemIndex tenantItems;
    private final HubProperties.Search settings;
    private volatile boolean ensured;

    CatalogIndex(ElasticsearchClient client, CatalogStore store, TenantScope tenants, HubTenants hubTenants, TenantItemIndex tenantItems,
                 HubProperties properties) {
        this.client = client;
        this.store = store;
        this.tenants = tenants;
        this.hubTenants = hubTenants;
        this.tenantItems = tenantItems;
        this.settings = properties.search();
    }

    /** The alias searches use. */
    public String alias() {
        return settings.index();
    }

    /**
     * Creates the first version of the index behind the alias unless the alias exists; re-indexes if the index behind
     * it has an older mapping.
     */
    public synchronized void ensure() {
        if (ensured) {
            return;
        }
        boolean outdated = call(() -> {
            if (!client.indices().existsAlias(a -> a.name(alias())).value()) {
                String first = alias() + "-v1";
                create(first);
                client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(first).alias(alias()))));
                log.info("created catalog index {} behind alias {}", first, alias());
                return false;
            }
            var mappings = client.indices().getMapping(g -> g.index(alias())).result().values();
            return mappings.stream().anyMatch(index -> {
                var meta = index.mappings().meta().get("mappingVersion");
                return meta == null || meta.to(Integer.class) < MAPPING_VERSION;
            });
        });
        ensured = true;
        if (outdated) {
            log.info("catalog index behind {} has an older mapping than version {}: re-indexing", alias(), MAPPING_VERSION);
            reindex();
        }
    }

    /**
     * Writes the SKUs' own fields into their documents through the alias, keeping the tenants' selections in them;
     * refuses (throws) if any document failed.
     */
    public void index(List<CatalogSku> skus) {
        if (skus.isEmpty()) {
            return;
        }
        ensure();
        BulkResponse response = call(() -> client.bulk(b -> {
            for (CatalogSku sku : skus) {
                b.operations(op -> op.update(u -> u.index(alias()).id(sku.documentId()).retryOnConflict(RETRY_ON_CONFLICT)
                        .action(a -> a.doc(document(sku)).docAsUpsert(true))));
            }
            return b;
        }));
        refuseFailures(response);
    }

    /**
     * Writes tenants' selections (a price, or none) into their SKUs' documents through the alias; refuses (throws) if
     * any document failed.
     */
    public void select(List<SkuSelection> selections) {
        if (selections.isEmpty()) {
            return;
        }
        ensure();
        select(alias(), selections);
    }

    /**
     * Builds the next version of the index from PostgreSQL, swaps the alias to it atomically and deletes the version it
     * replaced. Searches keep answering from the old version until the swap. Returns the new index's name.
     */
    public String reindex() {
        ensure();
        return call(() -> {
            Set<String> current = client.indices().getAlias(g -> g.name(alias())).result().keySet();
            int version = current.stream().mapToInt(CatalogIndex::version).max().orElse(0) + 1;
            String next = alias() + "-v" + version;
            create(next);
            String supplier = null;
            String sku = null;
            long documents = 0;
            for (List<CatalogSku> page = store.page(null, null, 1_000); !page.isEmpty();
                 page = store.page(supplier, sku, 1_000)) {
                bulk(next, page);
                documents += page.size();
                supplier = page.getLast().supplierId();
                sku = page.getLast().skuId();
            }
            long selections = selectEveryTenant(next);
            long items = tenantItems.writeEveryTenant(next);
            client.indices().refresh(r -> r.index(next));
            client.indices().updateAliases(u -> {
                current.forEach(old -> u.actions(a -> a.remove(remove -> remove.index(old).alias(alias()))));
                return u.actions(a -> a.add(add -> add.index(next).alias(alias())));
            });
            for (String old : current) {
                client.indices().delete(d -> d.index(old));
            }
            log.info("re-indexed {} documents with {} selections and {} tenant items into {}, alias {} swapped from {}", documents, selections,
                    items, next, alias(), current);
            return next;
        });
    }

    /** Makes recent writes visible to search (tests and benchmarks; the index refreshes itself every second). */
    public void refresh() {
        call(() -> client.indices().refresh(r -> r.index(alias())));
    }

    private void create(String index) throws IOException {
        client.indices().create(c -> c.index(index)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(this::mapping));
    }

    private TypeMapping.Builder mapping(TypeMapping.Builder m) {
        String searchAnalyzer = settings.searchAnalyzer() == null ? settings.analyzer() : settings.searchAnalyzer();
        return m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
                .meta("mappingVersion", JsonData.of(MAPPING_VERSION))
                // Full text goes to one field (title, brand and category names copied into it): one postings list per
                // term instead of a disjunction over three fields per term.
                .properties("searchText", p -> p.text(t -> t.analyzer(settings.analyzer()).searchAnalyzer(searchAnalyzer)))
                // Facet fields load their global ordinals at refresh, not on the first search after it.
                .properties("supplierId", p -> p.keyword(k -> k.eagerGlobalOrdinals(true)))
                .properties("skuId", p -> p.keyword(k -> k))
                .properties("title", p -> p.text(t -> t.analyzer(settings.analyzer()).searchAnalyzer(searchAnalyzer)
                        .copyTo("searchText").fields("keyword", f -> f.keyword(k -> k.ignoreAbove(256)))))
                .properties("brand", p -> p.keyword(k -> k.copyTo("searchText")))
                .properties("categoryIds", p -> p.keyword(k -> k))
                .properties("categoryNames", p -> p.keyword(k -> k.copyTo("searchText")))
                .properties("topCategory", p -> p.keyword(k -> k.eagerGlobalOrdinals(true)))
                .properties("leafCategory", p -> p.keyword(k -> k.eagerGlobalOrdinals(true)))
                .properties("image", p -> p.keyword(k -> k.index(false).docValues(false)))
                .properties("deliveryKind", p -> p.keyword(k -> k.eagerGlobalOrdinals(true)))
                .properties("unit", p -> p.keyword(k -> k.index(false)))
                .properties("listed", p -> p.boolean_(b -> b))
                .properties("inStock", p -> p.boolean_(b -> b))
                .properties("costFen", p -> p.long_(l -> l))
                .properties("marketFen", p -> p.long_(l -> l))
                .properties("updatedAt", p -> p.date(d -> d))
                // "hub" for a SKU, "tenant" for a tenant's own item (TenantItemIndex): the catalog searches SKUs only.
                .properties("origin", p -> p.keyword(k -> k.eagerGlobalOrdinals(true)))
                // A tenant item's owner and reference, whether stock is low, its visibility window, and what its
                // application keeps with it (answered, never searched).
                .properties("tenantId", p -> p.keyword(k -> k))
                .properties("ref", p -> p.keyword(k -> k))
                .properties("lowStock", p -> p.boolean_(b -> b))
                .properties("visibleFrom", p -> p.date(d -> d))
                .properties("visibleTo", p -> p.date(d -> d))
                .properties("attributes", p -> p.object(o -> o.enabled(false)))
                // The tenants that offer the SKU in their malls, each at its points price.
                .properties("selections", p -> p.nested(n -> n
                        .properties("tenantId", t -> t.keyword(k -> k))
                        .properties("pointsPrice", t -> t.long_(l -> l))));
    }

    /** Writes every registered tenant's selections into the new index, each tenant's read under its row-level security. */
    private long selectEveryTenant(String index) {
        long written = 0;
        for (UUID tenant : hubTenants.all()) {
            String supplier = null;
            String sku = null;
            for (List<SkuSelection> page = page(tenant, null, null); !page.isEmpty(); page = page(tenant, supplier, sku)) {
                select(index, page);
                written += page.size();
                supplier = page.getLast().sku().supplierId();
                sku = page.getLast().sku().skuId();
            }
        }
        return written;
    }

    private List<SkuSelection> page(UUID tenant, @Nullable String afterSupplier, @Nullable String afterSku) {
        return tenants.call(tenant, () -> store.selectionsAfter(tenant, afterSupplier, afterSku, 1_000));
    }

    /**
     * Writes selections into an index: each document's entries of these tenants are replaced, the other tenants' are
     * kept as the document has them. Read and written back with optimistic concurrency (a document changed meanwhile
     * is read and written again); a SKU that has no document yet gets one.
     */
    @SuppressWarnings("unchecked")
    private void select(String index, List<SkuSelection> selections) {
        Map<String, List<SkuSelection>> pending = new LinkedHashMap<>();
        selections.forEach(selection -> pending.computeIfAbsent(selection.sku().documentId(), id -> new ArrayList<>()).add(selection));
        for (int round = 0; round < SELECTION_ROUNDS && !pending.isEmpty(); round++) {
            var current = call(() -> client.mget(m -> m.index(index).ids(List.copyOf(pending.keySet())).sourceIncludes("selections"), Map.class));
            BulkResponse response = call(() -> client.bulk(b -> {
                for (var item : current.docs()) {
                    var found = item.isResult() && item.result().found() ? item.result() : null;
                    List<SkuSelection> changes = pending.get(item.isResult() ? item.result().id() : item.failure().id());
                    if (found == null) {
                        Map<String, Object> document = document(changes.getFirst().sku());
                        document.put("selections", merged(List.of(), changes));
                        b.operations(op -> op.create(c -> c.index(index).id(changes.getFirst().sku().documentId()).document(document)));
                    } else {
                        Object kept = found.source() == null ? null : ((Map<String, Object>) found.source()).get("selections");
                        var merged = merged(kept instanceof List<?> list ? (List<Map<String, Object>>) list : List.of(), changes);
                        b.operations(op -> op.update(u -> u.index(index).id(found.id()).ifSeqNo(found.seqNo()).ifPrimaryTerm(found.primaryTerm())
                                .action(a -> a.doc(Map.of("selections", merged)))));
                    }
                }
                return b;
            }));
            var settled = new ArrayList<String>();
            for (var item : response.items()) {
                if (item.error() == null) {
                    settled.add(item.id());
                } else if (item.status() != 409) {
                    refuseFailures(response);
                }
            }
            settled.forEach(pending::remove);
        }
        if (!pending.isEmpty()) {
            throw new CatalogUnavailable("catalog documents kept changing while selections were written: " + pending.keySet(), null);
        }
    }

    /** A document's selections with these tenants' entries replaced (or taken out where they have no price). */
    private static List<Map<String, Object>> merged(List<Map<String, Object>> kept, List<SkuSelection> changes) {
        Set<String> changed = new HashSet<>();
        changes.forEach(change -> changed.add(change.tenantId().toString()));
        List<Map<String, Object>> merged = new ArrayList<>(kept.stream().filter(entry -> !changed.contains(String.valueOf(entry.get("tenantId")))).toList());
        changes.stream().filter(change -> change.pointsPrice() != null)
                .forEach(change -> merged.add(Map.of("tenantId", change.tenantId().toString(), "pointsPrice", change.pointsPrice())));
        return merged;
    }

    /** Writes whole documents (their SKUs' fields; no selections) into a new index. */
    private void bulk(String index, List<CatalogSku> skus) {
        BulkResponse response = call(() -> client.bulk(b -> {
            for (CatalogSku sku : skus) {
                b.operations(op -> op.index(i -> i.index(index).id(sku.documentId()).document(document(sku))));
            }
            return b;
        }));
        refuseFailures(response);
    }

    static void refuseFailures(BulkResponse response) {
        if (response.errors()) {
            var failed = response.items().stream().filter(item -> item.error() != null).limit(3)
                    .map(item -> item.id() + ": " + reasons(item.error())).toList();
            throw new CatalogUnavailable("Elasticsearch refused catalog documents: " + failed, null);
        }
    }

    /** An error's reason with the reasons of its causes (the cause often says why). */
    private static String reasons(ErrorCause error) {
        return error.causedBy() == null ? error.reason() : error.reason() + " (" + reasons(error.causedBy()) + ")";
    }

    static Map<String, Object> document(CatalogSku sku) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("origin", TenantItemIndex.ORIGIN_HUB);
        doc.put("supplierId", sku.supplierId());
        doc.put("skuId", sku.skuId());
        doc.put("title", sku.title());
        doc.put("brand", sku.brand());
        doc.put("categoryIds", sku.categoryIds());
        doc.put("categoryNames", sku.categoryNames());
        doc.put("topCategory", sku.categoryIds().getFirst() + ":" + sku.categoryNames().getFirst());
        doc.put("leafCategory", sku.categoryIds().getLast() + ":" + sku.categoryNames().getLast());
        doc.put("image", sku.images().isEmpty() ? null : sku.images().getFirst());
        doc.put("deliveryKind", sku.deliveryKind().name());
        doc.put("unit", sku.unit());
        doc.put("listed", sku.listed());
        doc.put("inStock", sku.inStock());
        doc.put("costFen", sku.costFen());
        doc.put("marketFen", sku.marketFen());
        doc.put("updatedAt", sku.updatedAt().toString());
        return doc;
    }

    private static int version(String index) {
        int dash = index.lastIndexOf("-v");
        try {
            return dash < 0 ? 0 : Integer.parseInt(index.substring(dash + 2));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    interface EsCall<T> {
        T run() throws IOException;
    }

    /** Runs an Elasticsearch call; a cluster that is down or refuses becomes a {@link CatalogUnavailable}. */
    static <T> T call(EsCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new CatalogUnavailable("Elasticsearch is not reachable: " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            throw new CatalogUnavailable("Elasticsearch refused the request: " + e.getMessage(), e);
        }
    }
}
