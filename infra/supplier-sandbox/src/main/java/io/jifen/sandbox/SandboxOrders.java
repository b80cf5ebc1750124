package io.jifen.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A supplier's order book: orders placed under the client's own order number (unique), confirmed or cancelled, then
 * shipped and delivered as time passes ({@link Timing}). Also writes the supplier's monthly statement as CSV.
 */
public final class SandboxOrders {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public enum State { SUBMITTED, CONFIRMED, SHIPPED, DELIVERED, CANCELLED }

    /** How long after confirmation an order ships and is delivered. */
    public static final class Timing {
        public volatile Duration shipAfter = Duration.ofSeconds(1);
        public volatile Duration deliverAfter = Duration.ofSeconds(2);
    }

    /** One order of one SKU line. */
    public static final class Order {
        public final long id;
        public final String clientOrderNo;
        public final long skuId;
        public final int quantity;
        /** Unit price charged, in fen. */
        public final long priceFen;
        public final Instant submittedAt;
        volatile Instant confirmedAt;
        volatile Instant cancelledAt;
        volatile boolean deliveryAnnounced;

        Order(long id, String clientOrderNo, long skuId, int quantity, long priceFen, Instant submittedAt) {
            this.id = id;
            this.clientOrderNo = clientOrderNo;
            this.skuId = skuId;
            this.quantity = quantity;
            this.priceFen = priceFen;
            this.submittedAt = submittedAt;
        }

        public long totalFen() {
            return priceFen * quantity;
        }

        /** The parcel's tracking number at the carrier. */
        public String waybill() {
            return "SF" + (1_000_000_000_000L + id * 7919 % 1_000_000_007L);
        }
    }

    private final Map<Long, Order> byId = new ConcurrentHashMap<>();
    /** Statement errors to make, by client order number: extra fen billed, left off, billed twice. */
    private final Map<String, Long> overcharged = new ConcurrentHashMap<>();
    private final java.util.Set<String> leftOff = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> billedTwice = ConcurrentHashMap.newKeySet();
    private final Map<String, Order> byClientOrderNo = new ConcurrentHashMap<>();
    private final AtomicLong ids;
    private final Timing timing = new Timing();
    private final java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();

    SandboxOrders(long firstId) {
        this.ids = new AtomicLong(firstId);
    }

    public Timing timing() {
        return timing;
    }

    /** How many orders were refused because their client order number was used before. */
    public int duplicates() {
        return duplicates.get();
    }

    /** A new order, or null if the client's order number was used before (see {@link #byClientOrderNo}). */
    Order submit(String clientOrderNo, long skuId, int quantity, long priceFen) {
        Order order = new Order(ids.incrementAndGet(), clientOrderNo, skuId, quantity, priceFen, Instant.now());
        if (byClientOrderNo.putIfAbsent(clientOrderNo, order) != null) {
            duplicates.incrementAndGet();
            return null;
        }
        byId.put(order.id, order);
        return order;
    }

    public Order get(long id) {
        return byId.get(id);
    }

    public Order byClientOrderNo(String clientOrderNo) {
        return byClientOrderNo.get(clientOrderNo);
    }

    /** Confirms a submitted order; true if it is confirmed now or was before, false if it was cancelled. */
    synchronized boolean confirm(Order order) {
        if (order.cancelledAt != null) {
            return false;
        }
        if (order.confirmedAt == null) {
            order.confirmedAt = Instant.now();
        }
        return true;
    }

    /** Cancels an order that is not confirmed; true if it is cancelled now or was before. */
    synchronized boolean cancel(Order order) {
        if (order.confirmedAt != null) {
            return false;
        }
        if (order.cancelledAt == null) {
            order.cancelledAt = Instant.now();
        }
        return true;
    }

    /** Cancels an order that needs no confirmation, as long as it has not shipped; true if it is cancelled now or was before. */
    synchronized boolean cancelPaid(Order order) {
        State state = state(order);
        if (state == State.SHIPPED || state == State.DELIVERED) {
            return false;
        }
        if (order.cancelledAt == null) {
            order.cancelledAt = Instant.now();
        }
        return true;
    }

    public State state(Order order) {
        if (order.cancelledAt != null) {
            return State.CANCELLED;
        }
        Instant confirmed = order.confirmedAt;
        if (confirmed == null) {
            return State.SUBMITTED;
        }
        Instant now = Instant.now();
        if (!now.isBefore(confirmed.plus(timing.deliverAfter))) {
            return State.DELIVERED;
        }
        return !now.isBefore(confirmed.plus(timing.shipAfter)) ? State.SHIPPED : State.CONFIRMED;
    }

    /** When the order was delivered, or null if it is not (yet). */
    public Instant deliveredAt(Order order) {
        return state(order) == State.DELIVERED ? order.confirmedAt.plus(timing.deliverAfter) : null;
    }

    /** The order's tracking lines so far, oldest first: time (Beijing) and text. */
    public List<String[]> track(Order order) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {time(order.submittedAt), "您提交了订单，请等待系统确认"});
        if (order.cancelledAt != null) {
            lines.add(new String[] {time(order.cancelledAt), "您的订单已取消"});
            return lines;
        }
        Instant confirmed = order.confirmedAt;
        if (confirmed == null) {
            return lines;
        }
        lines.add(new String[] {time(confirmed), "您的订单已确认，正在拣货"});
        State state = state(order);
        if (state == State.SHIPPED || state == State.DELIVERED) {
            lines.add(new String[] {time(confirmed.plus(timing.shipAfter)), "您的订单已出库，运单号 " + order.waybill() + "，配送员正在派送"});
        }
        if (state == State.DELIVERED) {
            lines.add(new String[] {time(confirmed.plus(timing.deliverAfter)), "您的订单已妥投，感谢您的购买"});
        }
        return lines;
    }

    /** Calls {@code announce} once for each order delivered since the last call. */
    void announceDeliveries(Consumer<Order> announce) {
        for (Order order : byId.values()) {
            if (!order.deliveryAnnounced && state(order) == State.DELIVERED) {
                order.deliveryAnnounced = true;
                announce.accept(order);
            }
        }
    }

    /** Orders delivered within the month (Beijing time), by delivery time. */
    public List<Order> delivered(YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay(BEIJING).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(BEIJING).toInstant();
        return byId.values().stream()
                .filter(order -> {
                    Instant at = deliveredAt(order);
                    return at != null && !at.isBefore(from) && at.isBefore(to);
                })
                .sorted(Comparator.comparing(this::deliveredAt))
                .toList();
    }

    /** The statement bills this order {@code extraFen} more than it cost (a supplier's billing error). */
    public void overcharge(String clientOrderNo, long extraFen) {
        overcharged.put(clientOrderNo, extraFen);
    }

    /** The statement leaves this order off. */
    public void leaveOff(String clientOrderNo) {
        leftOff.add(clientOrderNo);
    }

    /** The statement bills this order twice. */
    public void billTwice(String clientOrderNo) {
        billedTwice.add(clientOrderNo);
    }

    /** An order placed under our account by someone else, confirmed now: it will be billed, and the client knows nothing of it. */
    public Order placeOutside(String clientOrderNo, long skuId, int quantity, long priceFen) {
        Order order = submit(clientOrderNo, skuId, quantity, priceFen);
        confirm(order);
        return order;
    }

    /** One billed line: an order and the total the supplier bills for it. */
    public record Billed(Order order, long totalFen) {
    }

    /**
     * What the supplier bills for the month (Beijing time): every order delivered in it, with the billing errors asked
     * for ({@link #overcharge}, {@link #leaveOff}, {@link #billTwice}).
     */
    public List<Billed> billed(YearMonth month) {
        List<Billed> billed = new ArrayList<>();
        for (Order order : delivered(month)) {
            if (leftOff.contains(order.clientOrderNo)) {
                continue;
            }
            long total = order.totalFen() + overcharged.getOrDefault(order.clientOrderNo, 0L);
            for (int copy = billedTwice.contains(order.clientOrderNo) ? 2 : 1; copy > 0; copy--) {
                billed.add(new Billed(order, total));
            }
        }
        return billed;
    }

    /**
     * The supplier's statement of the month as CSV (UTF-8, header line): every billed order, with the supplier's
     * order id, the client's order number, SKU, quantity, unit and total price in yuan, and delivery time.
     */
    public String statementCsv(YearMonth month) {
        StringBuilder csv = new StringBuilder("supplier_order_id,client_order_no,sku_id,quantity,unit_price,total,delivered_at\n");
        for (Billed line : billed(month)) {
            Order order = line.order();
            csv.append(order.id).append(',').append(order.clientOrderNo).append(',').append(order.skuId).append(',')
                    .append(order.quantity).append(',').append(JdVopSandbox.yuan(order.priceFen)).append(',')
                    .append(JdVopSandbox.yuan(line.totalFen())).append(',').append(time(deliveredAt(order))).append('\n');
        }
        return csv.toString();
    }

    static String time(Instant instant) {
        return LocalDateTime.ofInstant(instant, BEIJING).format(TIME);
    }
}
