package io.jifen.hub.internal.order;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.jifen.hub.HubOrder;
import io.jifen.hub.HubProperties;
import io.jifen.hub.OrderConflict;
import io.jifen.hub.OrderDelivery;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.Recipient;
import io.jifen.hub.SupplierOrderDelivered;
import io.jifen.hub.SupplierOrderFailed;
import io.jifen.hub.SupplierOrders;
import io.jifen.hub.VoucherCode;
import io.jifen.hub.internal.catalog.CatalogSku;
import io.jifen.hub.internal.catalog.CatalogStore;
import io.jifen.hub.internal.connector.Connectors;
import io.jifen.hub.internal.connector.OrderStatus;
import io.jifen.hub.internal.connector.SupplierConnector;
import io.jifen.hub.internal.connector.SupplierException;
import io.jifen.hub.internal.connector.SupplierOrder;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Places members' redemptions with suppliers and follows them to delivery. The mall calls {@link #place}; the order is
 * stored at once (nothing acknowledged is lost) and a worker gets it accepted and confirmed by the supplier, retrying
 * time-outs and rate limits with backoff, then tracks it (on a timer, brought forward by the supplier's order messages
 * and notifications) until it is delivered. An order that cannot be fulfilled fails for good and
 * {@link SupplierOrderFailed} is published so the redemption can be refunded. Codes of e-vouchers are stored encrypted
 * and shown only to the member who owns them.
 *
 * <p>Placing is idempotent on the order number, here and at the supplier (which keeps our number as its key), so a
 * worker that dies half-way is simply followed by another. Everything an order's tenant owns is read and written under
 * that tenant's row-level security; workers find due orders of every tenant by their routes.
 */
@Service
public class Fulfilment implements SupplierOrders, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Fulfilment.class);
    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{6,40}");
    private static final Set<String> OPEN = Set.of("PENDING", "SUBMITTED", "CONFIRMED", "SHIPPED");

    private final SupplierOrderStore store;
    private final CatalogStore catalog;
    private final Connectors suppliers;
    private final CodeCipher cipher;
    private final DeliverySealing deliveries;
    private final TenantScope tenants;
    private final ApplicationEventPublisher events;
    private final HubProperties.Orders settings;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    Fulfilment(SupplierOrderStore store, CatalogStore catalog, Connectors suppliers, CodeCipher cipher, DeliverySealing deliveries,
               TenantScope tenants, ApplicationEventPublisher events, HubProperties properties) {
        this.store = store;
        this.catalog = catalog;
        this.suppliers = suppliers;
        this.cipher = cipher;
        this.deliveries = deliveries;
        this.tenants = tenants;
        this.events = events;
        this.settings = properties.orders();
    }

    @Override
    public HubOrder place(PlaceOrder order) {
        if (!ORDER_NO.matcher(order.orderNo()).matches()) {
            throw new IllegalArgumentException("orderNo must be 6 to 40 letters, digits, '-' or '_'");
        }
        if (order.quantity() < 1 || order.quantity() > 99) {
            throw new IllegalArgumentException("quantity must be 1 to 99");
        }
        suppliers.get(order.supplier());
        CatalogSku sku = catalog.find(order.supplier(), List.of(order.skuId())).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no SKU " + order.skuId() + " of supplier " + order.supplier() + " in the catalog"));
        if (!sku.listed() || sku.costFen() == null) {
            throw new IllegalArgumentException("SKU " + order.skuId() + " of supplier " + order.supplier() + " is not on sale");
        }
        String delivery = DeliveryDetails.of(order, sku.deliveryKind());
        if (order.recipient() != null && !deliverable(order.supplier(), order.skuId(), order.recipient())) {
            throw new IllegalArgumentException("SKU " + order.skuId() + " of supplier " + order.supplier() + " is not delivered to province "
                    + order.recipient().province());
        }
        String fingerprint = deliveries.fingerprint(order.tenantId(), order.memberId(), order.supplier(), order.skuId(), order.quantity(),
                delivery);
        Placed placed = tenants.call(order.tenantId(), () -> {
            boolean inserted = store.insert(order, deliveries.seal(delivery, order.tenantId(), order.orderNo()), fingerprint, sku.costFen());
            if (inserted) {
                store.event(order.tenantId(), order.orderNo(), Instant.now(), "HUB", "order accepted");
            }
            // Not found under this tenant: the number is another tenant's.
            SupplierOrderStore.Row stored = store.find(order.orderNo()).orElseThrow(() -> new OrderConflict(order.orderNo()));
            if (!deliveries.sameOrder(stored.fingerprint(), order, delivery)) {
                throw new OrderConflict(order.orderNo());
            }
            return new Placed(view(stored), inserted);
        });
        if (placed.isNew()) {
            workers.execute(() -> work(order.orderNo()));
        }
        return placed.order();
    }

    private record Placed(HubOrder order, boolean isNew) {
    }

    @Override
    public boolean deliverable(String supplier, String skuId, Recipient to) {
        try {
            return !suppliers.get(supplier).undeliverable(List.of(skuId), to).contains(skuId);
        } catch (SupplierException e) {
            log.info("{}: area limits of {} not known now ({}); the order will tell", supplier, skuId, e.getMessage());
            return true;
        }
    }

    @Override
    public Optional<HubOrder> order(UUID tenant, String orderNo) {
        return tenants.call(tenant, () -> store.find(orderNo).filter(order -> order.tenantId().equals(tenant)).map(this::view));
    }

    @Override
    public Optional<OrderDelivery> delivery(UUID tenant, String orderNo) {
        return tenants.call(tenant, () -> store.find(orderNo).filter(order -> order.tenantId().equals(tenant)))
                .map(order -> DeliveryDetails.view(deliveries.open(order)));
    }

    @Override
    public List<VoucherCode> voucherCodes(UUID tenant, UUID member, String orderNo) {
        var codes = tenants.call(tenant, () -> store.find(orderNo).filter(o -> o.tenantId().equals(tenant) && o.memberId().equals(member))
                .map(order -> store.codes(orderNo)).orElse(List.of()));
        return codes.stream()
                .map(code -> new VoucherCode(cipher.open(code.code(), tenant, orderNo, code.position()),
                        code.password() == null ? null : cipher.open(code.password(), tenant, orderNo, -1 - code.position()), code.expiresOn()))
                .toList();
    }

    /** Works on the orders that are due (new, to retry, to track); answers how many it took. */
    public int processDue() {
        List<SupplierOrderStore.Row> due = store.claim(null, 50, settings.lease());
        List<Future<?>> running = new ArrayList<>();
        due.forEach(order -> running.add(workers.submit(() -> work(order))));
        for (Future<?> run : running) {
            try {
                run.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("order work failed", e.getCause());
            }
        }
        return due.size();
    }

    /** Reads each supplier's order messages and makes their orders due now; answers how many orders that touched. */
    public int pollOrderChanges() {
        int touched = 0;
        for (String supplier : suppliers.ids()) {
            SupplierConnector connector = suppliers.get(supplier);
            try {
                var changes = connector.orderChanges();
                touched += store.dueNow(supplier, changes.stream().map(change -> change.subject()).filter(s -> !s.isBlank()).toList());
                changes.forEach(connector::acknowledge);
            } catch (SupplierException e) {
                log.warn("order messages of {} not read: {} {}", supplier, e.getMessage(), e.payload());
            }
        }
        return touched;
    }

    private void work(String orderNo) {
        store.claim(orderNo, 1, settings.lease()).forEach(this::work);
    }

    private void work(SupplierOrderStore.Row order) {
        try {
            SupplierConnector connector = suppliers.get(order.supplier());
            switch (order.state()) {
                case "PENDING" -> submit(connector, order);
                case "SUBMITTED" -> confirm(connector, order, order.supplierOrderId());
                default -> track(connector, order);
            }
        } catch (SupplierException e) {
            log.info("order {} with {}: {} payload={}", order.orderNo(), order.supplier(), e.getMessage(), e.payload());
            failedTry(order, e.retryable(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("order {} with {} failed here; retrying later", order.orderNo(), order.supplier(), e);
            failedTry(order, true, e.toString());
        }
    }

    private void submit(SupplierConnector connector, SupplierOrderStore.Row order) {
        SupplierOrder accepted;
        try {
            accepted = connector.submit(DeliveryDetails.request(order, deliveries.open(order), order.unitCostFen()));
        } catch (SupplierException e) {
            if (e.kind() != SupplierException.Kind.PRICE_CHANGED) {
                throw e;
            }
            long now = connector.prices(List.of(order.skuId())).stream().findFirst()
                    .orElseThrow(() -> e).costFen();
            if (now * 100 > order.unitCostFen() * (100L + settings.priceTolerancePercent())) {
                fail(order, "the supplier's price rose from " + order.unitCostFen() + " to " + now + " fen, beyond the tolerance of "
                        + settings.priceTolerancePercent() + " %");
                return;
            }
            tenants.run(order.tenantId(), () -> store.event(order.tenantId(), order.orderNo(), Instant.now(), "HUB", "the supplier's price changed from "
                    + order.unitCostFen() + " to " + now + " fen, within tolerance; placing at the new price"));
            accepted = connector.submit(DeliveryDetails.request(order, deliveries.open(order), now));
        }
        SupplierOrder placed = accepted;
        tenants.run(order.tenantId(), () -> {
            store.advance(order.orderNo(), Set.of("PENDING"), "SUBMITTED", placed.supplierOrderId(), placed.unitCostFen(),
                    Instant.now().plus(settings.lease()), null);
            store.event(order.tenantId(), order.orderNo(), Instant.now(), "HUB", "accepted by " + order.supplier() + " as " + placed.supplierOrderId());
        });
        confirm(connector, order, placed.supplierOrderId());
    }

    private void confirm(SupplierConnector connector, SupplierOrderStore.Row order, String supplierOrderId) {
        try {
            connector.confirm(supplierOrderId);
        } catch (SupplierException e) {
            if (e.retryable()) {
                throw e;
            }
            cancelQuietly(connector, order, supplierOrderId);
            fail(order, "confirmation refused: " + e.getMessage());
            return;
        }
        tenants.run(order.tenantId(), () -> {
            if (store.advance(order.orderNo(), Set.of("PENDING", "SUBMITTED"), "CONFIRMED", supplierOrderId, null,
                    Instant.now().plus(settings.trackEvery()), null)) {
                store.event(order.tenantId(), order.orderNo(), Instant.now(), "HUB", "confirmed");
            }
        });
    }

    private void track(SupplierConnector connector, SupplierOrderStore.Row order) {
        OrderStatus status = connector.status(order.orderNo(), order.supplierOrderId());
        tenants.run(order.tenantId(), () -> apply(order, order.supplierOrderId(), status));
    }

    /**
     * Applies what the supplier says of an order (tracking, codes, stage), moving it only forward; in a transaction under
     * the order's tenant.
     */
    void apply(SupplierOrderStore.Row order, String supplierOrderId, OrderStatus status) {
        store.lockRoute(order.orderNo());
        status.tracking().forEach(line -> store.event(order.tenantId(), order.orderNo(), line.at(), "SUPPLIER", line.text()));
        for (int i = 0; i < status.codes().size(); i++) {
            var code = status.codes().get(i);
            store.code(order.tenantId(), order.orderNo(), new SupplierOrderStore.StoredCode(i,
                    cipher.seal(code.code(), order.tenantId(), order.orderNo(), i),
                    code.password() == null ? null : cipher.seal(code.password(), order.tenantId(), order.orderNo(), -1 - i), code.expiresOn()));
        }
        Instant nextCheck = Instant.now().plus(settings.trackEvery());
        switch (status.stage()) {
            case DELIVERED -> {
                if (store.advance(order.orderNo(), Set.of("PENDING", "SUBMITTED", "CONFIRMED", "SHIPPED"), "DELIVERED", supplierOrderId, null, null, null)) {
                    store.event(order.tenantId(), order.orderNo(), Instant.now(), "HUB", "delivered");
                    events.publishEvent(new SupplierOrderDelivered(order.tenantId(), order.memberId(), order.orderNo(), order.supplier(), order.skuId()));
                }
            }
            case SHIPPED -> {
                if (!store.advance(order.orderNo(), Set.of("PENDING", "SUBMITTED", "CONFIRMED"), "SHIPPED", supplierOrderId, null, nextCheck, null)) {
                    store.retryAt(order.orderNo(), nextCheck, null);
                }
            }
            case CANCELLED, FAILED -> fail(order, status.failure() == null ? "the supplier " + status.stage().name().toLowerCase() + " the order"
                    : status.failure());
            case CONFIRMED -> {
                if (!store.advance(order.orderNo(), Set.of("PENDING", "SUBMITTED"), "CONFIRMED", supplierOrderId, null, nextCheck, null)) {
                    store.retryAt(order.orderNo(), nextCheck, null);
                }
            }
            case SUBMITTED -> store.retryAt(order.orderNo(), Instant.now(), null);
        }
    }

    /**
     * After a try that did not get through: a refusal fails the order; otherwise it is retried with backoff, and an
     * order the supplier has not accepted after {@code maxAttempts} tries fails. Tracking is retried as long as it takes.
     */
    private void failedTry(SupplierOrderStore.Row order, boolean retryable, String reason) {
        boolean placing = order.state().equals("PENDING") || order.state().equals("SUBMITTED");
        if (placing && (!retryable || order.attempts() >= settings.maxAttempts())) {
            if (order.supplierOrderId() != null) {
                cancelQuietly(suppliers.get(order.supplier()), order, order.supplierOrderId());
            }
            fail(order, retryable ? "gave up after " + order.attempts() + " tries: " + reason : reason);
            return;
        }
        Duration wait = placing ? backoff(order.attempts()) : settings.trackEvery();
        tenants.run(order.tenantId(), () -> store.retryAt(order.orderNo(), Instant.now().plus(wait), reason));
    }

    private Duration backoff(int attempts) {
        Duration wait = settings.firstBackoff().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private void fail(SupplierOrderStore.Row order, String reason) {
        tenants.run(order.tenantId(), () -> {
            if (store.advance(order.orderNo(), OPEN, "FAILED", null, null, null, reason)) {
                store.event(order.tenantId(), order.orderNo(), Instant.now(), "HUB", "failed: " + reason);
                events.publishEvent(new SupplierOrderFailed(order.tenantId(), order.memberId(), order.orderNo(), order.supplier(),
                        order.skuId(), reason));
                log.info("order {} with {} failed: {}", order.orderNo(), order.supplier(), reason);
            }
        });
    }

    private void cancelQuietly(SupplierConnector connector, SupplierOrderStore.Row order, String supplierOrderId) {
        try {
            connector.cancel(supplierOrderId);
            tenants.run(order.tenantId(), () -> store.event(order.tenantId(), order.orderNo(), Instant.now(), "HUB", "cancelled at " + order.supplier()));
        } catch (SupplierException e) {
            log.warn("order {}: cancelling {} at {} failed (the supplier drops unconfirmed orders itself): {}", order.orderNo(),
                    supplierOrderId, order.supplier(), e.getMessage());
        }
    }

    private HubOrder view(SupplierOrderStore.Row order) {
        return new HubOrder(order.orderNo(), order.tenantId(), order.memberId(), order.supplier(), order.skuId(), order.quantity(),
                order.state(), order.supplierOrderId(), order.unitCostFen(), order.attempts(), order.failure(), order.createdAt(),
                order.deliveredAt(), store.history(order.orderNo()));
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
