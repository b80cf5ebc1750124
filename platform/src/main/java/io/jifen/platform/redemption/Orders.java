package io.jifen.platform.redemption;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.hub.SupplierOrders;
import io.jifen.platform.mall.PickupCodes;
import io.jifen.platform.mall.VoucherCodes;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.web.CursorPage;
import io.jifen.platform.web.TimeCursor;

/** Reads orders: the tenant's staff see all of them, a member only their own (another's answers as if it did not exist). */
@Service
public class Orders {

    /**
     * An order with its quote, saga steps, refunds and delivery details; for its member only, the e-voucher codes it
     * issued and its store-pickup code (never in the staff's view).
     */
    public record Detail(Order order, JsonNode quote, List<Order.Step> steps, List<Refunds.Refund> refunds,
                         Order.@Nullable Delivery delivery, List<IssuedCode> codes, @Nullable String pickupCode) {
    }

    /** An e-voucher code as its member sees it: the code, a password if the supplier gives one, its last day. */
    public record IssuedCode(String code, @Nullable String password, @Nullable LocalDate validUntil) {
    }

    /** The most rows one CSV export writes. */
    static final int EXPORT_LIMIT = 100_000;

    private final OrderStore store;
    private final Refunds refunds;
    private final OrderDeliveries deliveries;
    private final VoucherCodes codes;
    private final PickupCodes pickups;
    private final SupplierOrders hub;
    private final JsonMapper json;

    Orders(OrderStore store, Refunds refunds, OrderDeliveries deliveries, VoucherCodes codes, PickupCodes pickups, SupplierOrders hub,
           JsonMapper json) {
        this.store = store;
        this.refunds = refunds;
        this.deliveries = deliveries;
        this.codes = codes;
        this.pickups = pickups;
        this.hub = hub;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public Detail detail(UUID orderId, @Nullable UUID memberOnly) {
        OrderStore.Stored stored = store.find(orderId).filter(o -> memberOnly == null || o.order().memberId().equals(memberOnly))
                .orElseThrow(() -> DomainException.notFound("Order " + orderId));
        Order order = stored.order();
        List<IssuedCode> issued = List.of();
        String pickupCode = null;
        if (memberOnly != null) {
            String ref = order.id().toString();
            issued = switch (order.fulfilment()) {
                case CODES -> codes.codesOf(ref, memberOnly).stream().map(c -> new IssuedCode(c.code(), null, c.validUntil())).toList();
                case HUB -> hub.voucherCodes(TenantContext.require(), memberOnly, order.orderNo()).stream()
                        .map(c -> new IssuedCode(c.code(), c.password(), c.expiresOn())).toList();
                default -> List.of();
            };
            pickupCode = order.fulfilment() == Order.Fulfilment.PICKUP ? pickups.codeOf(ref, memberOnly).orElse(null) : null;
        }
        return new Detail(order, json.readTree(stored.quote()), store.steps(orderId), refunds.of(orderId),
                deliveries.open(orderId, stored.deliverySealed()), issued, pickupCode);
    }

    /** A member's own orders, newest first ({@code after}: the previous page's {@code next}). */
    @Transactional(readOnly = true)
    public CursorPage<Order> ofMember(UUID memberId, @Nullable String after, int size) {
        return list(new OrderStore.Filter(null, memberId, null, null), after, size);
    }

    @Transactional(readOnly = true)
    public CursorPage<Order> list(OrderStore.Filter filter, @Nullable String after, int size) {
        return CursorPage.of(store.list(filter, TimeCursor.after(after), size + 1), size, order -> new TimeCursor(order.placedAt(), order.id()).key());
    }

    /** Writes the filtered orders as CSV (UTF-8, header first), newest first, at most {@link #EXPORT_LIMIT} rows. */
    @Transactional(readOnly = true)
    public void export(OrderStore.Filter filter, Writer out) throws IOException {
        out.write("order_no,placed_at,member_id,item,title,quantity,point_type,points,fee_points,cash_fen,state,points_refunded,cash_refunded_fen,"
                + "quantity_returned,paid_at,closed_at\n");
        TimeCursor after = null;
        int written = 0;
        while (written < EXPORT_LIMIT) {
            List<Order> page = store.list(filter, after, 1_000);
            for (Order o : page) {
                out.write(String.join(",", o.orderNo(), o.placedAt().toString(), o.memberId().toString(), csv(o.item()), csv(o.title()),
                        Integer.toString(o.quantity()), o.pointType(), Long.toString(o.points()), Long.toString(o.feePoints()), Long.toString(o.cashFen()),
                        o.state().name(), Long.toString(o.pointsRefunded()), Long.toString(o.cashRefundedFen()), Integer.toString(o.quantityReturned()),
                        o.paidAt() == null ? "" : o.paidAt().toString(), o.closedAt() == null ? "" : o.closedAt().toString()));
                out.write('\n');
            }
            written += page.size();
            if (page.size() < 1_000) {
                break;
            }
            after = new TimeCursor(page.getLast().placedAt(), page.getLast().id());
        }
    }

    /**
     * The items most redeemed among the orders placed in {@code [from, to)}: by units paid for and not returned, then by points; cancelled and
     * unpaid orders do not count, refunds are taken off.
     */
    @Transactional(readOnly = true)
    public List<TopItem> top(Instant from, Instant to, int limit) {
        return store.top(from, to, limit);
    }

    /** An item's redemptions in a period: orders, units kept, points and cash paid net of refunds. */
    public record TopItem(String item, String title, long orders, long quantity, long points, long cashFen) {
    }

    /** A CSV field, quoted when it needs to be; a leading =, +, - or @ is neutralised so that spreadsheets do not run it. */
    static String csv(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
