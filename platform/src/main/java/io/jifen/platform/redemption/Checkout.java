package io.jifen.platform.redemption;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.hub.DeliveryKind;
import io.jifen.platform.jdbc.PendingStatements;
import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.mall.FlashClaims;
import io.jifen.platform.mall.ItemRef;
import io.jifen.platform.mall.ItemStock;
import io.jifen.platform.payment.Payments;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.Hashes;

/**
 * Places members' orders. One transaction prices the order, stores it under the member's key, counts it against the
 * item's per-member limits, reserves the stock and holds the points; a refusal anywhere (sold out, a limit, too few
 * points) rolls all of it back, so a failed order never keeps a unit or a point. An order without cash is paid at
 * once (its hold captured with it) and an own item's fulfilment starts in the same transaction (a hub SKU's through
 * the event registry after the commit); the same key again answers the same order, with another request it is a 409.
 */
@Service
public class Checkout {

    /** Where the goods go: a recipient for shipped goods (area ids as the hub's suppliers number them), an account for top-ups. */
    public record Recipient(String name, String mobile, @Nullable Integer province, @Nullable Integer city, @Nullable Integer county,
                            @Nullable Integer town, String address) {
    }

    /**
     * What a member orders. {@code points}: for cash items with a points deduction, how many points to use (null: the
     * most allowed); {@code flashSale}: the flash sale the item is bought in.
     */
    public record Placement(String item, long quantity, @Nullable Long points, @Nullable UUID flashSale, @Nullable Recipient recipient,
                            @Nullable String account, Payments.@Nullable Method paymentMethod, @Nullable String returnUrl) {
    }

    /** A placed order and, while its cash part is unpaid, its payment (where to send the member to pay). */
    public record Placed(Order order, Payments.@Nullable Payment payment) {
    }

    static final Duration HOLD_TTL = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final OrderPricing pricing;
    private final OrderStore store;
    private final MemberLimits limits;
    private final ItemStock stock;
    private final Ledger ledger;
    private final OrderDeliveries deliveries;
    private final OrderPayments payments;
    private final OrderSaga saga;
    private final HubGoodsFunding hubGoods;
    private final TenantRegistry tenants;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final MallPause mallPause;
    private final FlashClaims flashClaims;
    private final JdbcTemplate jdbc;

    Checkout(OrderPricing pricing, OrderStore store, MemberLimits limits, ItemStock stock, Ledger ledger, OrderDeliveries deliveries, OrderPayments payments,
             OrderSaga saga, HubGoodsFunding hubGoods, TenantRegistry tenants, ApplicationEventPublisher events, JsonMapper json, Clock clock,
             PlatformTransactionManager transactionManager, MallPause mallPause, FlashClaims flashClaims, JdbcTemplate jdbc) {
        this.pricing = pricing;
        this.store = store;
        this.limits = limits;
        this.stock = stock;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.payments = payments;
        this.saga = saga;
        this.hubGoods = hubGoods;
        this.tenants = tenants;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.mallPause = mallPause;
        this.flashClaims = flashClaims;
        this.jdbc = jdbc;
    }

    /** A quote for the member: what the order would cost now, and why, without placing it. */
    public OrderQuote quote(UUID memberId, String item, long quantity, @Nullable Long points, @Nullable UUID flashSale) {
        ItemRef ref = ItemRef.parse(item, "item");
        return transactions.execute(status -> pricing.price(memberId, ref, quantity, points, flashSale));
    }

    /**
     * Places the order, or answers the one placed under the key; an order with cash to pay is PLACED, with the payment
     * started after the order commits (a retry with the same key starts it if the first attempt could not).
     */
    public Placed place(UUID memberId, @Nullable String orderKey, Placement placement, @Nullable String actor) {
        Order order = placeInTransaction(memberId, orderKey, placement, actor);
        if (order.state() != Order.State.PLACED || order.cashFen() == 0) {
            return new Placed(order, null);
        }
        return new Placed(order, payments.start(order, Objects.requireNonNull(placement.paymentMethod()), Objects.requireNonNull(placement.returnUrl())));
    }

    private Order placeInTransaction(UUID memberId, @Nullable String orderKey, Placement placement, @Nullable String actor) {
        requireKey(orderKey);
        mallPause.requireOpen(TenantContext.require());
        ItemRef ref = ItemRef.parse(placement.item(), "item");
        String hash = hash(ref, placement);
        UUID sale = placement.flashSale();
        UUID claimed = null;
        boolean claimedNow = false;
        if (sale != null && ref.isOwn() && placement.quantity() == 1 && placement.points() == null) {
            // The sale's unit first, in a round trip and transaction of its own that also looks the key up: a loser of
            // the race is answered from it, and the rows every buyer updates are locked for one statement, not a checkout.
            List<OrderStore.Stored> earlier = new ArrayList<>(1);
            FlashClaims.Claim claim = flashClaims.claim(sale, ref.itemId(), memberId, TimeOrderedIds.next(), pipeline -> {
                earlier.clear();
                store.byKey(pipeline, memberId, orderKey, earlier::add);
            });
            claimed = claim.orderId();
            claimedNow = claimed != null && !claim.earlier();
            if (!earlier.isEmpty()) {
                if (claimedNow) {
                    giveBack(claimed);
                }
                return replay(earlier.getFirst(), hash, orderKey);
            }
            if (claim.bought()) {
                throw new DomainException(ProblemKind.REFUSED, "member-limit-reached", "Member limit reached",
                        "One unit of flash sale " + sale + " per member, and this member has bought it");
            }
            if (claimed == null && claim.soldOut()) {
                throw soldOut("Flash sale " + sale + " is sold out");
            }
        }
        UUID unit = claimed;
        try {
            Order placed = transactions.execute(status -> place(memberId, orderKey, placement, actor, ref, hash, unit, status));
            if (claimedNow && !placed.id().equals(unit)) {
                // Answered with an order placed earlier under the key: the unit claimed for this attempt goes back.
                giveBack(unit);
            }
            return placed;
        } catch (RuntimeException failed) {
            if (claimedNow) {
                giveBack(unit);
            }
            if (failed instanceof KeyLookedUp refused) {
                throw refused.refusal;
            }
            if (!(failed instanceof DomainException) && !(failed instanceof KeyTaken)) {
                throw failed;
            }
            // A retry of an order placed earlier is answered with that order, whatever its item's state is now.
            return transactions.execute(status -> store.byKey(memberId, orderKey)).map(earlier -> replay(earlier, hash, orderKey))
                    .orElseThrow(() -> failed);
        }
    }

    /** Gives the unit of a flash sale claimed for an order that was not placed back; the sweep does if this fails. */
    private void giveBack(UUID claim) {
        try {
            flashClaims.release(claim);
        } catch (RuntimeException e) {
            log.warn("could not give back the flash sale unit claimed for order {} (the sweep will): {}", claim, e.toString());
        }
    }

    /** A refusal after which the order's key was looked up in the refused transaction: no order is under it. */
    private static final class KeyLookedUp extends RuntimeException {
        private final DomainException refusal;

        KeyLookedUp(DomainException refusal) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
        }
    }

    /** The order's key was taken by an order that committed while this one was being placed. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super("the order key was taken meanwhile", null, false, false);
        }
    }

    /**
     * Places the order in the current transaction. An order key used before is found by the order's insert, or after a
     * refusal: in a new transaction, or in this one when a flash sale's pricing refused it (a buyer who claimed no unit:
     * the sale not open, another item), which this way pays no second transaction for it.
     */
    private Order place(UUID memberId, String orderKey, Placement placement, @Nullable String actor, ItemRef ref, String hash,
                        @Nullable UUID claimed, TransactionStatus status) {
        // Nothing in this transaction reads what the ledger's hold, billing's usage and the member's notification write
        // before its last round trip: they go with it (PendingStatements), where the order and the contended row go too.
        // Every statement of a checkout looks rows up by key or writes them: generic plans, planned once per connection.
        SqlPipeline last = PendingStatements.open(jdbc, TenantContext.require()).beginGenericPlans();
        // An order in a flash sale has the id its unit was claimed for.
        UUID id = claimed != null ? claimed : TimeOrderedIds.next();
        if (ref.isOwn()) {
            // The member's wallets are locked, and what the hold reads behind the lock read, with the item (the mall's
            // quote sends the pending statements with its read).
            ledger.lockAheadOfHold(last, memberId, "order:" + id + ":hold");
        }
        OrderQuote priced;
        try {
            priced = pricing.price(memberId, ref, placement.quantity(), placement.points(), placement.flashSale(), claimed != null);
        } catch (DomainException refused) {
            if (placement.flashSale() == null || status.isRollbackOnly()) {
                throw refused;
            }
            Optional<OrderStore.Stored> earlier = store.byKey(memberId, orderKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), hash, orderKey);
            }
            throw new KeyLookedUp(refused);
        }
        if (priced.cashFen() > 0) {
            requirePayment(placement);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String orderNo = "R" + id.toString().replace("-", "");
        byte[] delivery = deliveries.seal(id, required(priced, placement));
        int quantity = Math.toIntExact(priced.quantity());
        OrderStore.NewOrder newOrder = new OrderStore.NewOrder(id, orderNo, memberId, orderKey, hash, priced.item(), ref.itemId(), ref.supplier(),
                ref.skuId(), priced.flashSale(), priced.fulfilment(), priced.title(), quantity, priced.pointType(), priced.points(), priced.feePoints(),
                priced.cashFen(), priced.orderFen(), priced.goodsCostFen(), quoteJson(priced), delivery, now);
        limits.take(memberId, priced.item(), quantity, priced.limitPerMember(), priced.limitPerMemberPerDay(), today(now));
        if (priced.flashSale() != null) {
            limits.take(memberId, "flash:" + priced.flashSale(), quantity, 1, null, today(now));
        }
        String placedText = "placed: " + quantity + " x " + priced.title() + " for " + priced.points() + " points"
                + (priced.cashFen() > 0 ? " and " + priced.cashFen() + " fen" : "");
        UUID hold = null;
        UUID spend = null;
        if (priced.expiredPoints() && priced.cashFen() > 0) {
            throw DomainException.invalidField("item", "an item of the expired-points festival is paid in points only");
        }
        if (priced.expiredPoints()) {
            // 积分复活节: paid at once with points that expired within the year, no hold (nothing spendable is reserved).
            spend = ledger.spendExpired("order:" + id + ":expired", new Ledger.SpendExpired(memberId, priced.pointType(),
                    priced.points(), "redemption", orderNo, actor)).transactionId();
        } else if (priced.points() > 0) {
            Ledger.Hold points = new Ledger.Hold(memberId, priced.pointType(), priced.points(), HOLD_TTL, "redemption", orderNo, actor);
            hold = (priced.cashFen() == 0 ? ledger.holdCaptured("order:" + id + ":hold", "order:" + id + ":capture", points)
                    : ledger.hold("order:" + id + ":hold", points)).transactionId();
        }
        List<OrderStore.NewStep> steps = new ArrayList<>(3);
        steps.add(new OrderStore.NewStep(Order.State.PLACED, placedText, actor));
        Order.State state;
        if (priced.cashFen() > 0) {
            // Left PLACED, its points held, while its cash part is paid.
            state = Order.State.PLACED;
        } else if (newOrder.fulfilment() == Order.Fulfilment.HUB) {
            state = Order.State.PAID;
            steps.add(new OrderStore.NewStep(Order.State.PAID, paidText(priced), actor));
            // A hub order is placed with its supplier after this commits, through the event registry.
            events.publishEvent(new OrderPaid(TenantContext.require(), id));
        } else {
            // An own item's fulfilment starts in this transaction, and the order is written as it leaves it: delivered at
            // once or waiting for staff; codes that ran out refuse the order here instead of refunding it later.
            OrderSaga.Started started = saga.beginOwn(new OrderStore.Stored(newOrder.asOrder(Order.State.PAID, now, null), hash, ref.itemId(),
                    ref.supplier(), ref.skuId(), priced.flashSale(), hold, spend, delivery, newOrder.quoteJson()));
            state = started.state();
            steps.add(new OrderStore.NewStep(Order.State.PAID, paidText(priced), actor));
            // The fulfilment's step is the system's, as when the saga moves an order.
            steps.add(new OrderStore.NewStep(state, started.text(), null));
        }
        Order placed = newOrder.asOrder(state, state == Order.State.PLACED ? null : now, state == Order.State.DELIVERED ? now : null);
        if (state == Order.State.DELIVERED) {
            // Announced before the order's insert, in this transaction: its listeners (billing's usage, the member's
            // notification) need nothing of the order's row, and a refusal below rolls them back with all the rest.
            saga.completed(placed, now);
        }
        // The pending writes, the order and the contended row (every buyer of the item updates the same one) in one round
        // trip, that row last of all, so that its lock is held only from there to the commit; a refusal rolls back all of
        // the above, the published event too. A flash sale's unit was claimed before this transaction and is the order's
        // when this commits.
        BooleanSupplier inserted = store.insert(last, newOrder, state, hold, spend, steps);
        BooleanSupplier consumed = priced.flashSale() != null && claimed != null ? flashClaims.consume(last, claimed, memberId) : () -> false;
        ItemStock.Reservation reservation = priced.flashSale() == null && ref.isOwn() ? stock.reserve(last, ref.itemId(), quantity, id.toString()) : null;
        last.endGenericPlans().run(jdbc);
        if (!inserted.getAsBoolean()) {
            // The key's order was placed meanwhile (the insert waited for it): all of this rolls back and that one is answered.
            throw new KeyTaken();
        }
        if (priced.flashSale() != null) {
            if (!consumed.getAsBoolean()) {
                throw soldOut("Flash sale " + priced.flashSale() + " is sold out");
            }
        } else if (reservation != null && !reservation.taken()) {
            throw soldOut("Item " + ref + " has fewer than " + quantity + " left");
        }
        // A hub order's goods cost is paid from the tenant's deposit (its row is contended too); a refusal rolls all back.
        if (!ref.isOwn()) {
            hubGoods.fund(id, priced.goodsCostFen());
        }
        return placed;
    }

    private static String paidText(OrderQuote priced) {
        return priced.expiredPoints() ? "paid in expired points" : "paid in points";
    }

    /** The delivery details the order needs, checked for its item; null when it needs none. */
    private static Order.@Nullable Delivery required(OrderQuote priced, Placement placement) {
        Recipient to = placement.recipient();
        if (priced.fulfilment() == Order.Fulfilment.SHIPMENT || priced.hubDelivery() == DeliveryKind.PHYSICAL) {
            if (to == null) {
                throw DomainException.invalidField("recipient", "goods are shipped: a recipient (name, mobile, address) is required");
            }
            requireText("recipient.name", to.name(), 50);
            requireText("recipient.mobile", to.mobile(), 20);
            requireText("recipient.address", to.address(), 200);
            if (!to.mobile().matches("\\+?[0-9 -]{5,20}")) {
                throw DomainException.invalidField("recipient.mobile", "is not a phone number");
            }
            if (priced.hubDelivery() == DeliveryKind.PHYSICAL
                    && (to.province() == null || to.city() == null || to.county() == null || to.town() == null)) {
                throw DomainException.invalidField("recipient.province", "the supplier needs the area ids (province, city, county, town)");
            }
            return new Order.Delivery(to, null);
        }
        if (priced.hubDelivery() == DeliveryKind.DIRECT_TOP_UP) {
            requireText("account", placement.account(), 100);
            return new Order.Delivery(null, placement.account());
        }
        return null;
    }

    /** Cash is paid by Alipay or WeChat Pay, which send the member back to {@code returnUrl} (the mall's page). */
    private static void requirePayment(Placement placement) {
        if (placement.paymentMethod() != Payments.Method.ALIPAY && placement.paymentMethod() != Payments.Method.WECHAT_PAY) {
            throw DomainException.invalidField("paymentMethod", "this order has cash to pay: ALIPAY or WECHAT_PAY");
        }
        String url = placement.returnUrl();
        if (url == null || url.length() > 500 || !url.matches("https?://[^\\s]+")) {
            throw DomainException.invalidField("returnUrl", "an http(s) URL of at most 500 characters where the payment sends the member back");
        }
    }

    private static void requireText(String field, @Nullable String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw DomainException.invalidField(field, "1 to " + max + " characters are required");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE)) {
            throw DomainException.invalidField(field, "must not contain control characters");
        }
    }

    private static DomainException soldOut(String detail) {
        return new DomainException(ProblemKind.REFUSED, "sold-out", "Sold out", detail);
    }

    private Order replay(OrderStore.Stored earlier, String hash, String orderKey) {
        if (!earlier.requestHash().equals(hash)) {
            throw DomainException.conflict("idempotency-key-reused", "The order key '" + orderKey + "' was used for a different order");
        }
        return earlier.order();
    }

    private String quoteJson(OrderQuote priced) {
        Map<String, Object> quote = new LinkedHashMap<>();
        quote.put("lines", priced.lines());
        quote.put("tier", priced.tier());
        quote.put("deductionRule", priced.deductionRule());
        quote.put("deductedFen", priced.deductedFen());
        quote.put("quotedAt", priced.quotedAt().toString());
        return json.writeValueAsString(quote);
    }

    private LocalDate today(Instant now) {
        return now.atZone(tenants.zone()).toLocalDate();
    }

    static void requireKey(@Nullable String key) {
        if (key == null || key.isBlank() || key.length() > 100 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw DomainException.invalidField("Idempotency-Key", "an order key of 1 to 100 visible ASCII characters is required");
        }
    }

    private static String hash(ItemRef ref, Placement p) {
        Recipient to = p.recipient();
        return Hashes.sha256Hex(String.join("\u0000", "ORDER", ref.toString(), Long.toString(p.quantity()), String.valueOf(p.points()), String.valueOf(p.flashSale()),
                to == null ? "" : String.join("\u0000", to.name(), to.mobile(), String.valueOf(to.province()), String.valueOf(to.city()),
                        String.valueOf(to.county()), String.valueOf(to.town()), to.address()),
                String.valueOf(p.account()), String.valueOf(p.paymentMethod()), String.valueOf(p.returnUrl())));
    }
}
