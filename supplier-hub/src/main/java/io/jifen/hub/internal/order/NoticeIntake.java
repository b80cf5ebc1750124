package io.jifen.hub.internal.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import io.jifen.hub.HubProperties;
import io.jifen.hub.SupplierNotices;
import io.jifen.hub.internal.connector.Connectors;
import io.jifen.hub.internal.connector.SupplierConnector;
import io.jifen.hub.internal.connector.SupplierException;
import io.jifen.hub.internal.digest.Digests;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Notifications suppliers push: verified by the supplier's connector, refused unless dated within
 * {@code jifen.hub.notices.max-age} of our clock (either way: a replay of an old notification, or one from the
 * future), routed to their order's tenant by the order
 * number, recorded once by their key (the supplier's order id and the state reported) in the transaction that applies
 * them, under that tenant, so a resend is answered without being applied again. What is logged and kept of a
 * notification is its body's SHA-256 and its fields with any e-voucher codes redacted, never the codes (which are kept
 * only encrypted under our own key, by {@link Fulfilment}).
 */
@Service
class NoticeIntake implements SupplierNotices {

    private static final Logger log = LoggerFactory.getLogger(NoticeIntake.class);

    /** What became of a notification a supplier pushed. */
    public enum NoticeOutcome { APPLIED, DUPLICATE }

    private final SupplierOrderStore store;
    private final Fulfilment fulfilment;
    private final Connectors suppliers;
    private final TenantScope tenants;
    private final Duration maxAge;
    private final Clock clock;

    NoticeIntake(SupplierOrderStore store, Fulfilment fulfilment, Connectors suppliers, TenantScope tenants, HubProperties properties,
                 ObjectProvider<Clock> clock) {
        this.store = store;
        this.fulfilment = fulfilment;
        this.suppliers = suppliers;
        this.tenants = tenants;
        this.maxAge = properties.notices().maxAge();
        // The embedding application's clock if it has one (the platform's, which its tests set), else the system's.
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public String receive(String supplier, Map<String, String> headers, String body) {
        try {
            notice(supplier, headers, body);
        } catch (SupplierException e) {
            throw new Refused(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UnknownOrder(e.getMessage(), e);
        }
        return suppliers.get(supplier).noticeAnswer();
    }

    /**
     * Verifies a supplier's notification and applies it once. A bad signature or body is the connector's
     * {@link SupplierException}; a notification about an order we do not have is an {@link IllegalArgumentException};
     * both change nothing.
     */
    public NoticeOutcome notice(String supplier, Map<String, String> headers, String body) {
        SupplierConnector connector = suppliers.get(supplier);
        String bodySha256 = Digests.sha256Hex(body);
        SupplierConnector.Notice notice;
        try {
            notice = connector.notice(headers, body);
            fresh(supplier, notice);
        } catch (SupplierException e) {
            log.warn("{}: refused a notification: {} body sha256={} payload={}", supplier, e.getMessage(), bodySha256, e.payload());
            throw e;
        }
        SupplierOrderStore.Route route = store.route(notice.orderNo())
                .filter(r -> r.supplier().equals(supplier) && (r.supplierOrderId() == null || r.supplierOrderId().equals(notice.supplierOrderId())))
                .orElseThrow(() -> {
                    log.warn("{}: refused a notification for an unknown order {}: body sha256={} payload={}", supplier, notice.orderNo(), bodySha256,
                            notice.redacted());
                    return new IllegalArgumentException("no order " + notice.orderNo() + " with " + supplier);
                });
        String digest = Digests.sha256Hex(notice.key());
        return tenants.call(route.tenantId(), () -> {
            store.lockRoute(route.orderNo());
            SupplierOrderStore.Row order = store.find(route.orderNo()).orElseThrow();
            if (!store.notice(route.tenantId(), supplier, digest, order.orderNo(), notice.redacted(), bodySha256)) {
                return NoticeOutcome.DUPLICATE;
            }
            fulfilment.apply(order, notice.supplierOrderId(), notice.status());
            return NoticeOutcome.APPLIED;
        });
    }

    /**
     * Refuses a notification dated more than {@code maxAge} before or after our clock. The timestamp is under the
     * supplier's signature, so a captured notification cannot be replayed later with a new date. (The aggregator's
     * notifications carry no nonce: within the window a replay is a resend, answered without being applied again.)
     */
    private void fresh(String supplier, SupplierConnector.Notice notice) {
        Instant now = clock.instant();
        Duration off = Duration.between(now, notice.sentAt());
        if (off.abs().compareTo(maxAge) > 0) {
            throw new SupplierException(supplier, SupplierException.Kind.REFUSED, "notification timestamp " + notice.sentAt() + " is "
                    + (off.isNegative() ? "older than " : "further ahead than ") + describe(maxAge) + " (our clock: " + now + ")", notice.redacted(), null);
        }
    }

    private static String describe(Duration window) {
        return window.toSeconds() % 60 == 0 ? window.toMinutes() + " minutes" : window.toSeconds() + " seconds";
    }
}
