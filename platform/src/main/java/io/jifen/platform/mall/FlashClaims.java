package io.jifen.platform.mall;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.Hashes;

/**
 * A flash sale's units, claimed for members' orders before the orders are placed. A claim counts the unit as sold and
 * takes it from the item's stock in one statement that is its own transaction, sent in one round trip: the sale's and
 * the item's rows, which every buyer updates, are locked for that statement and its commit only, so the race is decided
 * in a few milliseconds per unit instead of a whole checkout per unit, and every loser is answered after that one round
 * trip. Once the sale is sold out a buyer locks nothing (a row lock is written to the WAL, and every buyer's commit
 * would wait for its flush in turn). The claim's row then stands for the unit until the order consumes it (marks the
 * row in the order's transaction; the consumed claim keeps the member's one unit of the sale) or it is given back: at
 * once when the order is refused, or by the sweep when the checkout never finished (either deletes the open row).
 * Whoever changes the open row moves the unit, so a unit moves once however they race.
 */
@Service
public class FlashClaims {

    /**
     * What a claim found: {@code orderId} is the order the member's unit is held for (claimed now, or by an attempt of
     * the member's still open: {@code earlier}); {@code bought}: an order of the member's has consumed its claim (one
     * unit per member); else {@code soldOut} tells whether the sale or its item had no unit left (if not, the sale is
     * not open for this item, and the order's pricing says why).
     */
    public record Claim(@Nullable UUID orderId, boolean earlier, boolean bought, boolean soldOut) {
    }

    private static final Logger log = LoggerFactory.getLogger(FlashClaims.class);

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final ItemStock stock;
    private final TenantRegistry tenants;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Duration timeout;

    FlashClaims(JdbcTemplate jdbcTemplate, JdbcClient jdbc, ItemStock stock, TenantRegistry tenants, Clock clock, PlatformTransactionManager transactionManager,
                @Value("${jifen.mall.flash-claim-timeout:5m}") Duration timeout) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.stock = stock;
        this.tenants = tenants;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.timeout = timeout;
    }

    /**
     * Claims one unit of the current tenant's flash sale {@code saleId} of {@code itemId} for the member's order
     * {@code orderId}, in a transaction of its own (none may be open: its locks would be held until it ends); the
     * statements {@code also} adds run in the same round trip, after the claim (it may add them twice: a claim that
     * met one of the member's made at the same moment runs again). A member with an open claim on the sale
     * gets that one back.
     */
    public Claim claim(UUID saleId, UUID itemId, UUID memberId, UUID orderId, Consumer<SqlPipeline> also) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a flash sale's unit is claimed in a transaction of its own");
        }
        try {
            return claimOnce(saleId, itemId, memberId, orderId, also);
        } catch (DuplicateKeyException twin) {
            // Another request of the member's claimed at the same moment and committed first: its claim is seen now.
            return claimOnce(saleId, itemId, memberId, orderId, also);
        }
    }

    private Claim claimOnce(UUID saleId, UUID itemId, UUID memberId, UUID orderId, Consumer<SqlPipeline> also) {
        OffsetDateTime now = now();
        String key = ItemStock.reservationKey(orderId.toString());
        List<Claim> claims = new ArrayList<>(1);
        List<Claim> members = new ArrayList<>(1);
        List<ItemStock.Moved> moved = new ArrayList<>(1);
        SqlPipeline pipeline = new SqlPipeline().useTenant(TenantContext.require()).beginGenericPlans().add("""
                        with earlier as (
                            select id from platform.mall_flash_claim
                            where tenant_id = platform.current_tenant() and sale_id = ? and member_id = ?),
                        item as (
                            select id from platform.mall_item
                            where tenant_id = platform.current_tenant() and id = ? and stock >= 1 and not exists (select from earlier)
                              and exists (select from platform.mall_flash_sale
                                          where tenant_id = platform.current_tenant() and id = ? and item_id = ? and sold < stock)
                            for update),
                        sale as (
                            update platform.mall_flash_sale set sold = sold + 1
                            where tenant_id = platform.current_tenant() and id = ? and item_id = ? and starts_at <= ? and ends_at > ? and sold < stock
                              and exists (select from item)
                            returning id),
                        moved as (
                            update platform.mall_item set stock = stock - 1, updated_at = ?
                            where tenant_id = platform.current_tenant() and id = ? and exists (select from sale)
                            returning stock, low_stock_threshold, title),
                        claim as (
                            insert into platform.mall_flash_claim (tenant_id, id, sale_id, item_id, member_id, claimed_at)
                            select platform.current_tenant(), ?, ?, ?, ?, ? from moved),
                        change as (
                            insert into platform.mall_stock_change (tenant_id, id, item_id, idempotency_key, request_hash, delta, stock_after, reason, actor, at)
                            select platform.current_tenant(), ?, ?, ?, ?, -1, moved.stock, ?, null, ? from moved)
                        select moved.stock, moved.low_stock_threshold, moved.title,
                               exists (select from platform.mall_flash_sale s
                                       where s.tenant_id = platform.current_tenant() and s.id = ? and s.item_id = ? and s.starts_at <= ? and s.ends_at > ?)
                        from (values (1)) as one left join moved on true""",
                Arrays.asList(saleId, memberId, itemId, saleId, itemId, saleId, itemId, now, now, now, itemId, orderId, saleId, itemId, memberId, now,
                        TimeOrderedIds.next(), itemId, key, Hashes.sha256Hex(key), "flash sale " + saleId + ", order " + orderId, now, saleId, itemId, now, now),
                rs -> {
                    if (rs.getObject(1) != null) {
                        moved.add(new ItemStock.Moved(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                        claims.add(new Claim(orderId, false, false, false));
                    } else {
                        // The sale is open for the item (its window and item never change), so what it lacked was a unit.
                        claims.add(new Claim(null, false, false, rs.getBoolean(4)));
                    }
                })
                .endGenericPlans()
                // The member's claim as committed now: the statement above saw the claims as they were when it started, so
                // one that another request of the member's committed while this one waited for the item is seen only here.
                .add("select id, consumed_at is not null from platform.mall_flash_claim where tenant_id = platform.current_tenant() and sale_id = ? "
                        + "and member_id = ?", List.of(saleId, memberId), rs -> members.add(new Claim(rs.getObject(1, UUID.class), true, rs.getBoolean(2), false)));
        also.accept(pipeline);
        pipeline.run(jdbcTemplate);
        Claim claim = claims.getFirst();
        if (claim.orderId() != null) {
            observe(itemId, -1, moved.getFirst());
            return claim;
        }
        if (members.isEmpty()) {
            return claim;
        }
        Claim member = members.getFirst();
        return member.bought() ? new Claim(null, false, true, false) : member;
    }

    /**
     * Consumes the member's claim {@code orderId} for its order, with the caller's {@code pipeline} in the order's
     * transaction: once the pipeline has run, true if the claim was open (the unit is the order's once this commits),
     * false if it was given back meanwhile.
     */
    public BooleanSupplier consume(SqlPipeline pipeline, UUID orderId, UUID memberId) {
        List<UUID> consumed = new ArrayList<>(1);
        pipeline.add("update platform.mall_flash_claim set consumed_at = ? "
                        + "where tenant_id = platform.current_tenant() and id = ? and member_id = ? and consumed_at is null returning id",
                List.of(now(), orderId, memberId), rs -> consumed.add(orderId));
        return () -> !consumed.isEmpty();
    }

    /**
     * Gives the unit of the claim {@code orderId} back to its sale and item, if the claim is still open (an order that
     * consumed it keeps it); true if it did. Its own transaction when none is open.
     */
    public boolean release(UUID orderId) {
        String key = "order:" + orderId + ":release";
        OffsetDateTime now = now();
        List<ItemStock.Moved> moved = new ArrayList<>(1);
        List<UUID> items = new ArrayList<>(1);
        new SqlPipeline().useTenant(TenantContext.require()).add("""
                        with claim as (
                            delete from platform.mall_flash_claim where tenant_id = platform.current_tenant() and id = ? and consumed_at is null
                            returning sale_id, item_id),
                        moved as (
                            update platform.mall_item i set stock = i.stock + 1, updated_at = ?
                            from claim c where i.tenant_id = platform.current_tenant() and i.id = c.item_id
                            returning i.id, i.stock, i.low_stock_threshold, i.title),
                        sale as (
                            update platform.mall_flash_sale s set sold = s.sold - 1
                            from claim c where s.tenant_id = platform.current_tenant() and s.id = c.sale_id and exists (select from moved)
                            returning s.id),
                        change as (
                            insert into platform.mall_stock_change (tenant_id, id, item_id, idempotency_key, request_hash, delta, stock_after, reason, actor, at)
                            select platform.current_tenant(), ?, moved.id, ?, ?, 1, moved.stock, ?, null, ? from moved)
                        select moved.id, moved.stock, moved.low_stock_threshold, moved.title from moved where exists (select from sale)""",
                Arrays.asList(orderId, now, TimeOrderedIds.next(), key, Hashes.sha256Hex(key), "flash sale unit given back, order " + orderId, now),
                rs -> {
                    items.add(rs.getObject(1, UUID.class));
                    moved.add(new ItemStock.Moved(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                })
                .run(jdbcTemplate);
        if (moved.isEmpty()) {
            return false;
        }
        observe(items.getFirst(), 1, moved.getFirst());
        return true;
    }

    /**
     * Gives back the units of claims older than the timeout (their checkout never finished: the process stopped between
     * the claim and the order), every tenant's. Safe on any number of instances: a unit moves with its claim's row.
     */
    @Scheduled(fixedDelayString = "${jifen.mall.flash-claim-sweep-interval:60s}", initialDelayString = "${jifen.mall.flash-claim-sweep-interval:60s}")
    void sweep() {
        sweep(now().minus(timeout));
    }

    /** Gives back the units of every tenant's claims made before {@code before}; answers how many. */
    int sweep(OffsetDateTime before) {
        int total = 0;
        List<UUID> all = tenants.allIds();
        for (int from = 0; from < all.size(); from += 500) {
            Map<UUID, List<UUID>> stale = new LinkedHashMap<>();
            SqlPipeline pipeline = new SqlPipeline();
            for (UUID tenant : all.subList(from, Math.min(all.size(), from + 500))) {
                pipeline.useTenant(tenant).add("""
                                select id from platform.mall_flash_claim
                                where tenant_id = platform.current_tenant() and claimed_at < ? and consumed_at is null
                                order by claimed_at limit 1000""",
                        List.of(before), rs -> stale.computeIfAbsent(tenant, t -> new ArrayList<>()).add(rs.getObject(1, UUID.class)));
            }
            pipeline.run(jdbcTemplate);
            for (Map.Entry<UUID, List<UUID>> claims : stale.entrySet()) {
                try {
                    int released = TenantContext.callAs(claims.getKey(), () -> (int) claims.getValue().stream().filter(this::release).count());
                    log.info("gave back {} flash sale unit(s) of tenant {} claimed by checkouts that never finished", released, claims.getKey());
                    total += released;
                } catch (RuntimeException e) {
                    log.warn("could not give back the stale flash sale claims of tenant {}: {}", claims.getKey(), e.toString());
                }
            }
        }
        return total;
    }

    /** Tells the low-stock alerts, in a transaction of their own, when the change crossed the item's threshold. */
    private void observe(UUID itemId, long delta, ItemStock.Moved after) {
        boolean wasLow = after.stock() - delta <= after.threshold();
        if (wasLow != after.stock() <= after.threshold()) {
            try {
                transactions.executeWithoutResult(status -> stock.observe(itemId, delta, after));
            } catch (RuntimeException e) {
                // The unit has moved (committed); an alert is advice, and the item's next stock change tells it again.
                log.warn("could not tell the low-stock alerts of item {}: {}", itemId, e.toString());
            }
        }
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
