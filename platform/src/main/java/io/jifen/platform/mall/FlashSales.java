package io.jifen.platform.mall;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.problem.DomainException;

/**
 * Flash sales (秒杀) of the tenant's own items: a window, a number of units at a price of their own (paid in points),
 * one per member. A sale's units are counted by one conditional update per buyer ({@code sold < stock}), in the
 * statement that claims the unit for the buyer's order before the order is placed ({@link FlashClaims}): whatever the
 * number of racing buyers, no more are sold than the sale has, and an order that is not placed gives its unit back.
 */
@Service
public class FlashSales {

    /** A sale as it stands: {@code sold} of {@code stock} units sold. */
    public record FlashSale(UUID id, UUID itemId, String title, Instant startsAt, Instant endsAt, long stock, long sold, long priceFen,
                            Instant createdAt) {

        public boolean openAt(Instant at) {
            return !at.isBefore(startsAt) && at.isBefore(endsAt);
        }
    }

    /** A new sale. The item must be an own item paid in points; the sale's price is a unit's value in fen, paid in points. */
    public record Request(@NotNull UUID itemId, @Nullable @Size(min = 1, max = 100) String title, @NotNull Instant startsAt, @NotNull Instant endsAt,
                          @NotNull @Min(1) @Max(ItemRequest.MAX_STOCK) Long stock, @NotNull @Min(1) @Max(ItemRequest.MAX_PRICE_FEN) Long priceFen) {
    }

    private static final String SELECT = "select id, item_id, title, starts_at, ends_at, stock, sold, price_fen, created_at from platform.mall_flash_sale ";

    private final JdbcClient jdbc;
    private final MallItems items;
    private final Clock clock;

    private final AuditTrail audit;

    FlashSales(JdbcClient jdbc, MallItems items, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.items = items;
        this.clock = clock;
    }

    @Transactional
    public FlashSale create(Request request) {
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw DomainException.invalidField("endsAt", "must be after startsAt");
        }
        if (!request.endsAt().isAfter(clock.instant())) {
            throw DomainException.invalidField("endsAt", "must be in the future");
        }
        Item item = items.find(request.itemId(), false).orElseThrow(() -> DomainException.invalidField("itemId", "no such item"));
        if (item.payment() != Quotes.Payment.POINTS) {
            throw DomainException.invalidField("itemId", "a flash sale sells an item paid in points only");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into platform.mall_flash_sale (tenant_id, id, item_id, title, starts_at, ends_at, stock, price_fen, created_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, item.id(), request.title() == null ? item.title() : request.title().strip(), utc(request.startsAt()), utc(request.endsAt()),
                        request.stock(), request.priceFen(), utc(clock.instant()))
                .update();
        FlashSale created = get(id);
        audit.record(AuditedChange.of("flash-sale", id, null, created));
        return created;
    }

    @Transactional(readOnly = true)
    public FlashSale get(UUID id) {
        return find(id).orElseThrow(() -> DomainException.notFound("Flash sale " + id));
    }

    public Optional<FlashSale> find(UUID id) {
        return jdbc.sql(SELECT + "where tenant_id = platform.current_tenant() and id = ?").param(id).query(FlashSales::sale).optional();
    }

    /** The sales not ended at {@code at}, soonest first (at most 200). */
    @Transactional(readOnly = true)
    public List<FlashSale> current(Instant at) {
        return jdbc.sql(SELECT + "where tenant_id = platform.current_tenant() and ends_at > ? order by starts_at, id limit 200")
                .param(utc(at)).query(FlashSales::sale).list();
    }

    /** Gives units of a cancelled order back to the sale, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void putBack(UUID saleId, int quantity) {
        jdbc.sql("update platform.mall_flash_sale set sold = greatest(sold - ?, 0) where tenant_id = platform.current_tenant() and id = ?")
                .params(quantity, saleId).update();
    }

    private static FlashSale sale(ResultSet rs, int row) throws SQLException {
        return new FlashSale(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), instant(rs, 4), instant(rs, 5), rs.getLong(6),
                rs.getLong(7), rs.getLong(8), instant(rs, 9));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
