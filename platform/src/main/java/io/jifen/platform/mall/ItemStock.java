package io.jifen.platform.mall;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.web.Hashes;

/**
 * Changes of an item's stock. Each is one conditional update ({@code stock = stock + delta where stock + delta >= 0}):
 * PostgreSQL re-evaluates the condition on the row a waiting update finds committed, so racing decrements can never
 * take the stock below zero, and one that would is refused and changes nothing. Each change is kept with the caller's
 * idempotency key (unique in the tenant): the same key again answers the first change, with another request it is a 409.
 * A VOUCHER_CODE item's stock grows only by its code uploads. Every path tells {@link StockAlerts} what it did.
 */
@Service
public class ItemStock {

    /** A change of stock as made: by how much, the stock after it, and why. */
    public record Change(UUID id, UUID itemId, long delta, long stock, @Nullable String reason, Instant at) {
    }

    /** An item's row after a stock update: what the low-stock alerts need. */
    record Moved(long stock, long threshold, String title) {
    }

    private static final String MOVED = " returning stock, low_stock_threshold, title";

    private final JdbcClient jdbc;
    private final MallItems items;
    private final StockAlerts alerts;
    private final Clock clock;

    ItemStock(JdbcClient jdbc, MallItems items, StockAlerts alerts, Clock clock) {
        this.jdbc = jdbc;
        this.items = items;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Transactional
    public Change change(UUID itemId, @Nullable String key, long delta, @Nullable String reason, @Nullable String actor) {
        if (key == null || key.isBlank() || key.length() > 100) {
            throw DomainException.invalidField("Idempotency-Key", "a key of 1 to 100 characters is required on every stock change");
        }
        if (delta == 0) {
            throw DomainException.invalidField("delta", "must not be 0");
        }
        Item item = items.find(itemId, false).orElseThrow(() -> MallItems.notFound(itemId));
        if (item.kind() == Item.Kind.VOUCHER_CODE && delta > 0) {
            throw new DomainException(ProblemKind.REFUSED, "stock-from-codes", "Stock comes from codes",
                    "Item " + itemId + " is a VOUCHER_CODE item: its stock grows by uploading codes (POST /api/v1/mall/items/" + itemId + "/codes)");
        }
        String hash = Hashes.sha256Hex("STOCK|" + itemId + "|" + delta + "|" + reason);
        UUID id = UUID.randomUUID();
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        // The key first: a concurrent change under the same key waits here for the first to end, then finds it.
        int claimed = jdbc.sql("""
                        insert into platform.mall_stock_change (tenant_id, id, item_id, idempotency_key, request_hash, delta, stock_after, reason, actor, at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, 0, ?, ?, ?)
                        on conflict (tenant_id, idempotency_key) do nothing""")
                .params(id, itemId, key, hash, delta, reason, actor, now)
                .update();
        if (claimed == 0) {
            return replay(key, hash);
        }
        Optional<Moved> stock = jdbc.sql("""
                        update platform.mall_item set stock = stock + ?, updated_at = ?
                        where tenant_id = platform.current_tenant() and id = ? and stock + ? >= 0 and stock + ? <= ?""" + MOVED)
                .params(delta, now, itemId, delta, delta, ItemRequest.MAX_STOCK)
                .query(ItemStock::moved).optional();
        if (stock.isEmpty()) {
            // Rolled back with the key: the same key may be used again once there is stock.
            throw delta < 0
                    ? new DomainException(ProblemKind.REFUSED, "insufficient-stock", "Insufficient stock",
                            "Item " + itemId + " has fewer than " + -delta + " in stock")
                    : DomainException.invalidField("delta", "the stock would exceed " + ItemRequest.MAX_STOCK);
        }
        jdbc.sql("update platform.mall_stock_change set stock_after = ? where tenant_id = platform.current_tenant() and id = ?")
                .params(stock.get().stock(), id).update();
        observe(itemId, delta, stock.get());
        return new Change(id, itemId, delta, stock.get().stock(), reason, now.toInstant());
    }

    /**
     * Adds an accepted upload's {@code count} codes to a VOUCHER_CODE item's stock, as one change keyed by the upload;
     * answers the stock after it. Over {@link ItemRequest#MAX_STOCK} is a 400 and, in the upload's transaction, stores nothing.
     */
    long addCodes(UUID itemId, UUID uploadId, int count, @Nullable String actor) {
        OffsetDateTime now = now();
        Moved moved = jdbc.sql("""
                        update platform.mall_item set stock = stock + ?, updated_at = ?
                        where tenant_id = platform.current_tenant() and id = ? and stock + ? <= ?""" + MOVED)
                .params(count, now, itemId, count, ItemRequest.MAX_STOCK)
                .query(ItemStock::moved).optional()
                .orElseThrow(() -> DomainException.invalidField("file", "the stock would exceed " + ItemRequest.MAX_STOCK));
        String key = "codes:" + uploadId;
        jdbc.sql("""
                        insert into platform.mall_stock_change (tenant_id, id, item_id, idempotency_key, request_hash, delta, stock_after, reason, actor, at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), itemId, key, Hashes.sha256Hex(key), count, moved.stock(), "code upload " + uploadId, actor, now)
                .update();
        observe(itemId, count, moved);
        return moved.stock();
    }

    /** The key of the stock change that takes an order's units. */
    static String reservationKey(String orderRef) {
        return "order:" + orderRef + ":reserve";
    }

    /**
     * Takes {@code quantity} of the item's stock for an order, in the caller's transaction (rolled back with it, so a
     * failed order never keeps a unit); false, changing nothing, when there are fewer in stock. The item taken and the
     * change recorded in one statement: every buyer of the item updates the same row and holds its lock from this
     * statement to its commit, so nothing else waits in between (a round trip per statement on a busy machine is
     * milliseconds of waiting for a processor, and the next buyer waits for all of it). A flash sale's unit is taken
     * before its order, by {@link FlashClaims}. Added to the caller's {@code pipeline}, last, so that the order's other
     * writes and the contended row travel in one round trip; the reservation answers once the pipeline has run.
     */
    public Reservation reserve(SqlPipeline pipeline, UUID itemId, long quantity, String orderRef) {
        OffsetDateTime now = now();
        String key = reservationKey(orderRef);
        List<Moved> taken = new ArrayList<>(1);
        pipeline.beginGenericPlans().add("""
                        with moved as (
                            update platform.mall_item set stock = stock - ?, updated_at = ?
                            where tenant_id = platform.current_tenant() and id = ? and stock >= ?
                            returning stock, low_stock_threshold, title),
                        change as (
                            insert into platform.mall_stock_change (tenant_id, id, item_id, idempotency_key, request_hash, delta, stock_after, reason, actor, at)
                            select platform.current_tenant(), ?, ?, ?, ?, ?, moved.stock, ?, null, ? from moved)
                        select stock, low_stock_threshold, title from moved""",
                Arrays.asList(quantity, now, itemId, quantity, TimeOrderedIds.next(), itemId, key, Hashes.sha256Hex(key), -quantity, "order " + orderRef, now),
                rs -> taken.add(new Moved(rs.getLong(1), rs.getLong(2), rs.getString(3))))
                .endGenericPlans();
        return new Reservation(itemId, quantity, taken);
    }

    /** A reservation sent with a pipeline. */
    public final class Reservation {

        private final UUID itemId;
        private final long quantity;
        private final List<Moved> moved;

        private Reservation(UUID itemId, long quantity, List<Moved> moved) {
            this.itemId = itemId;
            this.quantity = quantity;
            this.moved = moved;
        }

        /** Whether the units were taken; asked once, after the pipeline has run (it tells the stock alerts what it did). */
        public boolean taken() {
            if (moved.isEmpty()) {
                return false;
            }
            observe(itemId, -quantity, moved.getFirst());
            return true;
        }
    }

    /**
     * Puts {@code quantity} of an order's units back into stock (a cancelled, failed or returned order), once per
     * {@code why}: a second call with the same order and reason changes nothing and answers false.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean putBack(UUID itemId, long quantity, String orderRef, String why) {
        OffsetDateTime now = now();
        String key = "order:" + orderRef + ":" + why;
        UUID id = UUID.randomUUID();
        int claimed = jdbc.sql("""
                        insert into platform.mall_stock_change (tenant_id, id, item_id, idempotency_key, request_hash, delta, stock_after, reason, actor, at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, 0, ?, null, ?)
                        on conflict (tenant_id, idempotency_key) do nothing""")
                .params(id, itemId, key, Hashes.sha256Hex(key), quantity, why + " of order " + orderRef, now)
                .update();
        if (claimed == 0) {
            return false;
        }
        Moved after = jdbc.sql("""
                        update platform.mall_item set stock = stock + ?, updated_at = ?
                        where tenant_id = platform.current_tenant() and id = ?""" + MOVED)
                .params(quantity, now, itemId)
                .query(ItemStock::moved).single();
        jdbc.sql("update platform.mall_stock_change set stock_after = ? where tenant_id = platform.current_tenant() and id = ?")
                .params(after.stock(), id).update();
        observe(itemId, quantity, after);
        return true;
    }

    /** Tells the alerts what the change did: the stock before it was the stock after it less {@code delta}. */
    void observe(UUID itemId, long delta, Moved after) {
        alerts.observe(itemId, after.title(), after.stock() - delta <= after.threshold(), after.stock(), after.threshold());
    }

    private static Moved moved(ResultSet rs, int n) throws SQLException {
        return new Moved(rs.getLong(1), rs.getLong(2), rs.getString(3));
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private Change replay(String key, String hash) {
        return jdbc.sql("""
                        select id, item_id, delta, stock_after, reason, at, request_hash from platform.mall_stock_change
                        where tenant_id = platform.current_tenant() and idempotency_key = ?""")
                .param(key)
                .query((rs, n) -> {
                    if (!rs.getString(7).equals(hash)) {
                        throw DomainException.conflict("idempotency-key-reused", "The idempotency key '" + key + "' was used for a different request");
                    }
                    return new Change(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getObject(6, OffsetDateTime.class).toInstant());
                })
                .single();
    }
}
