package io.jifen.hub.internal.order;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.jifen.hub.SupplierNotices;
import io.jifen.hub.internal.connector.Connectors;
import io.jifen.hub.internal.connector.SupplierConnector;
import io.jifen.hub.internal.connector.SupplierException;
import io.jifen.hub.internal.digest.Digests;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Notifications suppliers push: verified by the supplier's connector, routed to their order's tenant by the order
 * number, recorded once by their key (the supplier's order id and the state reported) in the transaction that applies
 * them, under that tenant, so a resend is answered without being applied again.
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

    NoticeIntake(SupplierOrderStore store, Fulfilment fulfilment, Connectors suppliers, TenantScope tenants) {
        this.store = store;
        this.fulfilment = fulfilment;
        this.suppliers = suppliers;
        this.tenants = tenants;
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
        SupplierConnector.Notice notice;
        try {
            notice = connector.notice(headers, body);
        } catch (SupplierException e) {
            log.warn("{}: refused a notification: {} payload={}", supplier, e.getMessage(), e.payload());
            throw e;
        }
        SupplierOrderStore.Route route = store.route(notice.orderNo())
                .filter(r -> r.supplier().equals(supplier) && (r.supplierOrderId() == null || r.supplierOrderId().equals(notice.supplierOrderId())))
                .orElseThrow(() -> {
                    log.warn("{}: refused a notification for an unknown order {}: {}", supplier, notice.orderNo(), body);
                    return new IllegalArgumentException("no order " + notice.orderNo() + " with " + supplier);
                });
        String digest = Digests.sha256Hex(notice.key());
        return tenants.call(route.tenantId(), () -> {
            SupplierOrderStore.Row order = store.find(route.orderNo()).orElseThrow();
            if (!store.notice(route.tenantId(), supplier, digest, order.orderNo(), body)) {
                return NoticeOutcome.DUPLICATE;
            }
            fulfilment.apply(order, notice.supplierOrderId(), notice.status());
            return NoticeOutcome.APPLIED;
        });
    }
}
