package io.jifen.platform.mall;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.web.TimeCursor;

/**
 * Low-stock alerts. Every path that moves an item's stock (or its threshold) tells {@link #observe} whether the item
 * was low before and is low now (stock at or below the threshold). Falling low from above opens an alert and
 * publishes {@link ItemStockLow}, in the change's transaction; the partial unique index on open alerts makes that once
 * per crossing even if two changes raced. Rising above the threshold closes it.
 */
@Service
public class StockAlerts {

    /** An open alert, with the item's title, stock and threshold as they are now. */
    public record LowStockAlert(UUID id, UUID itemId, String title, long stock, long threshold, Instant openedAt) {
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    StockAlerts(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** In the caller's transaction, which has just changed the item's row (so holds its lock). */
    void observe(UUID itemId, String title, boolean wasLow, long stock, long threshold) {
        boolean low = stock <= threshold;
        if (wasLow && !low) {
            jdbc.sql("update platform.mall_low_stock_alert set closed_at = ? where tenant_id = platform.current_tenant() and item_id = ? and closed_at is null")
                    .params(now(), itemId).update();
        } else if (!wasLow && low) {
            int opened = jdbc.sql("""
                            insert into platform.mall_low_stock_alert (tenant_id, id, item_id, stock, threshold, opened_at)
                            values (platform.current_tenant(), ?, ?, ?, ?, ?)
                            on conflict (tenant_id, item_id) where closed_at is null do nothing""")
                    .params(UUID.randomUUID(), itemId, stock, threshold, now()).update();
            if (opened == 1) {
                events.publishEvent(new ItemStockLow(TenantContext.require(), itemId, title, stock, threshold));
            }
        }
    }

    /** The open alerts, newest first, after the alert {@code after} names. */
    @Transactional(readOnly = true)
    public List<LowStockAlert> open(@Nullable TimeCursor after, int size) {
        return jdbc.sql("""
                        select a.id, a.item_id, i.title, i.stock, i.low_stock_threshold, a.opened_at
                        from platform.mall_low_stock_alert a
                        join platform.mall_item i on i.tenant_id = a.tenant_id and i.id = a.item_id
                        where a.tenant_id = platform.current_tenant() and a.closed_at is null
                          and (?::timestamptz is null or (a.opened_at, a.id) < (?, ?))
                        order by a.opened_at desc, a.id desc limit ?""")
                .params(after == null ? null : utc(after.at()), after == null ? null : utc(after.at()),
                        after == null ? null : after.id(), size)
                .query((rs, n) -> new LowStockAlert(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
