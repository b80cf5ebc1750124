package io.jifen.hub.internal.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.hub.HubProperties;
import io.jifen.hub.internal.connector.Connectors;
import io.jifen.hub.internal.catalog.CatalogSku;
import io.jifen.hub.internal.catalog.CatalogStore;
import io.jifen.hub.internal.connector.ChangeMessage;
import io.jifen.hub.internal.connector.SupplierConnector;
import io.jifen.hub.internal.connector.SupplierPrice;
import io.jifen.hub.internal.connector.SupplierSku;
import io.jifen.hub.internal.connector.SupplierStock;
import io.jifen.hub.internal.search.CatalogIndex;

/**
 * Brings SKUs from a supplier into the catalog: details, prices and stock in the supplier's batch size, written to
 * PostgreSQL in the caller's transaction, then to the index. If indexing fails the caller's transaction fails with it,
 * so PostgreSQL and the index never disagree for long: a retry writes both again (both writes are idempotent).
 */
@Service
public class CatalogSync {

    private static final Logger log = LoggerFactory.getLogger(CatalogSync.class);

    private final Connectors suppliers;
    private final CatalogStore store;
    private final CatalogIndex index;
    private final int stockProvince;
    private final int maxChangeRounds;
    private final TransactionTemplate newTransaction;

    CatalogSync(Connectors suppliers, CatalogStore store, CatalogIndex index, HubProperties properties,
                PlatformTransactionManager transactionManager) {
        this.suppliers = suppliers;
        this.store = store;
        this.index = index;
        this.stockProvince = properties.stockProvince();
        this.maxChangeRounds = properties.sync().maxChangeRounds();
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Every SKU id the supplier grants us. */
    public List<String> skuIds(String supplier) {
        return suppliers.get(supplier).skuIds();
    }

    /**
     * Fetches and stores SKUs with prices and, if {@code withStock}, stock; marks them seen by the full sync run
     * {@code seenInRun} (null outside a full sync). The ids are split into the supplier's batch size and every call
     * for them runs at once (on virtual threads; the connector still paces them to the supplier's rate), so a chunk
     * costs about one round trip, not one per call. Returns what was stored.
     */
    public List<CatalogSku> apply(String supplier, List<String> skuIds, @Nullable Long seenInRun, boolean withStock) {
        SupplierConnector connector = suppliers.get(supplier);
        List<Future<List<SupplierSku>>> details = new ArrayList<>();
        List<Future<List<SupplierPrice>>> prices = new ArrayList<>();
        List<Future<List<SupplierStock>>> stock = new ArrayList<>();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int from = 0; from < skuIds.size(); from += connector.batchLimit()) {
                List<String> batch = List.copyOf(skuIds.subList(from, Math.min(skuIds.size(), from + connector.batchLimit())));
                details.add(calls.submit(() -> connector.details(batch)));
                prices.add(calls.submit(() -> connector.prices(batch)));
                if (withStock) {
                    stock.add(calls.submit(() -> connector.stock(batch, stockProvince)));
                }
            }
            List<SupplierSku> found = all(details);
            if (found.isEmpty()) {
                return List.of();
            }
            List<CatalogSku> stored = store.upsert(supplier, found, all(prices), all(stock), seenInRun);
            index.index(stored);
            return stored;
        }
    }

    private static <T> List<T> all(List<Future<List<T>>> futures) {
        List<T> all = new ArrayList<>();
        for (Future<List<T>> future : futures) {
            try {
                all.addAll(future.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fetching from the supplier", e);
            }
        }
        return all;
    }

    /** After a full sync run: delists the SKUs the run did not find in the supplier's pools. Returns how many. */
    public int delistUnseen(String supplier, long run) {
        List<CatalogSku> delisted = store.delistUnseen(supplier, run);
        for (int from = 0; from < delisted.size(); from += 500) {
            index.index(delisted.subList(from, Math.min(delisted.size(), from + 500)));
        }
        return delisted.size();
    }

    /**
     * Works through the supplier's change messages: re-reads the current details and price of every SKU named (the
     * message's own content is not trusted: messages come twice and out of order), stores and indexes them in a
     * transaction per batch, and acknowledges the messages only after that commit. Returns how many SKUs it refreshed.
     */
    public int applyChanges(String supplier) {
        SupplierConnector connector = suppliers.get(supplier);
        int refreshed = 0;
        for (int round = 0; round < maxChangeRounds; round++) {
            List<ChangeMessage> changes = connector.changes();
            if (changes.isEmpty()) {
                break;
            }
            Set<String> skuIds = new LinkedHashSet<>();
            changes.stream().filter(change -> change.kind() != ChangeMessage.Kind.OTHER && !change.subject().isBlank())
                    .forEach(change -> skuIds.add(change.subject()));
            List<String> ids = new ArrayList<>(skuIds);
            refreshed += newTransaction.execute(status -> apply(supplier, ids, null, false)).size();
            changes.forEach(connector::acknowledge);
            log.info("{}: applied {} change messages ({} SKUs)", supplier, changes.size(), ids.size());
        }
        return refreshed;
    }
}
