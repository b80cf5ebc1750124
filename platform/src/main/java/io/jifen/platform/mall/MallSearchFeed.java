package io.jifen.platform.mall;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.jifen.hub.TenantItems;
import io.jifen.platform.ledger.PointType;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Hands the tenant's own items to the hub's search ({@link TenantItems}), so the mall's one search finds them beside
 * the selected hub SKUs. Every write of an item that search sees (creation, an update, its stock crossing zero or its
 * low-stock threshold, whoever makes it: the admin API, a redemption's reservation) queues the item in
 * {@code platform.mall_search_backlog} in the same transaction (a trigger on mall_item, changelog 034), so no change is
 * lost; the queue is drained right after the commit of the mall's own writes ({@link #afterCommit}) and on a schedule
 * ({@code jifen.mall.schedule.search-feed}, every 2 s) for the others (a redemption's reservation). The hub keeps what it is handed and indexes it
 * when Elasticsearch can take it, so an outage of the index delays search and blocks nothing.
 */
@Component
class MallSearchFeed {

    private static final Logger log = LoggerFactory.getLogger(MallSearchFeed.class);
    static final int BATCH = 200;

    private record Entry(UUID tenant, UUID itemId, OffsetDateTime queuedAt) {
    }

    private final JdbcClient jdbc;
    // MallItems hands its writes here; a provider, not the bean, so the two do not need each other to be built.
    private final ObjectProvider<MallItems> items;
    private final PointTypeCatalog pointTypes;
    private final DeductionRules deductionRules;
    private final TenantItems search;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();

    MallSearchFeed(JdbcClient jdbc, ObjectProvider<MallItems> items, PointTypeCatalog pointTypes, DeductionRules deductionRules, TenantItems search) {
        this.jdbc = jdbc;
        this.items = items;
        this.pointTypes = pointTypes;
        this.deductionRules = deductionRules;
        this.search = search;
    }

    /**
     * Drains the queue once the current transaction has committed (at once without one), on a thread of its own: the
     * committing thread still holds the finished transaction's connection, and the caller need not wait for the index.
     * One drain runs at a time; a request while it runs makes it go round once more.
     */
    void afterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    requestDrain();
                }
            });
        } else {
            requestDrain();
        }
    }

    private void requestDrain() {
        pending.set(true);
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("mall-search-feed").start(this::drainWhilePending);
        }
    }

    private void drainWhilePending() {
        try {
            while (pending.getAndSet(false)) {
                drainQuietly();
            }
        } finally {
            running.set(false);
        }
        // A request that came between the last round and the flag going down.
        if (pending.get()) {
            requestDrain();
        }
    }

    @Scheduled(cron = "${jifen.mall.schedule.search-feed:*/2 * * * * *}", zone = "UTC")
    void scheduled() {
        int handed;
        do {
            handed = drain(BATCH);
        } while (handed == BATCH);
    }

    private void drainQuietly() {
        try {
            drain(BATCH);
        } catch (RuntimeException e) {
            // The item stays queued: the schedule hands it over later. The write has committed and stands.
            log.warn("mall items stay queued for search: {}", e.toString());
        }
    }

    /**
     * Hands the queued items (up to {@code limit}, oldest first) to the hub, each read under its tenant, and takes them
     * off the queue unless they were queued again meanwhile; answers how many it handed over.
     */
    int drain(int limit) {
        List<Entry> due = jdbc.sql("select tenant_id, item_id, queued_at from platform.mall_search_backlog order by queued_at limit ?")
                .param(limit)
                .query((rs, n) -> new Entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, OffsetDateTime.class)))
                .list();
        int handed = 0;
        for (Entry entry : due) {
            try {
                TenantContext.callAs(entry.tenant(), () -> {
                    search.put(entry.tenant(), document(items.getObject().get(entry.itemId())));
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("item {} of tenant {} stays queued for search: {}", entry.itemId(), entry.tenant(), e.toString());
                continue;
            }
            jdbc.sql("delete from platform.mall_search_backlog where tenant_id = ? and item_id = ? and queued_at = ?")
                    .params(entry.tenant(), entry.itemId(), entry.queuedAt())
                    .update();
            handed++;
        }
        return handed;
    }

    /** The item as search needs it; its points price is the price arithmetic's ({@link MallPrices}), in the current tenant. */
    TenantItems.Item document(Item item) {
        PointType type = pointTypes.byCode(item.pointType());
        MallPrices.Shown price = MallPrices.shown(item.price(), type,
                item.payment() == Quotes.Payment.CASH_WITH_POINTS ? deductionRules.list() : List.of());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(MallPrices.PAYMENT, item.payment().name());
        attributes.put(MallPrices.PRICE_FEN, Long.toString(item.priceFen()));
        attributes.put(MallPrices.CASH_FEN, Long.toString(item.cashFen()));
        attributes.put(MallPrices.POINT_TYPE, item.pointType());
        boolean inStock = item.stock() > 0;
        return new TenantItems.Item(ItemRef.own(item.id()).toString(), item.title(), item.images().isEmpty() ? null : item.images().getFirst(),
                item.kind().name(), price.sortingPoints(), item.status() == Item.Status.ON_SALE, inStock, inStock && item.lowStock(),
                item.visibleFrom(), item.visibleTo(), item.updatedAt(), attributes);
    }
}
