package io.jifen.hub.internal.order;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.crypto.Aad;
import io.jifen.crypto.CryptoException;
import io.jifen.crypto.FieldCipher;

/**
 * How an order's delivery details (a recipient's name, mobile and address, a top-up account: personal data) are kept:
 * sealed with the application's key service (jifen-crypto: SM4-GCM by default) in {@code supplier_order.delivery_sealed},
 * with the tenant, order number and column as authenticated data, so details copied to another order or tenant do not
 * open. The one place these conventions live; details are opened only to place the order with its supplier and for
 * the tenant that owns the order.
 */
@Component
class DeliverySealing {

    static final String TABLE = "supplier_hub.supplier_order";
    static final String COLUMN = "delivery";

    private final FieldCipher cipher;

    DeliverySealing(FieldCipher cipher) {
        this.cipher = cipher;
    }

    /** The details (their stored JSON) sealed for the order. */
    byte[] seal(String json, UUID tenant, String orderNo) {
        return cipher.sealText(json, aad(tenant, orderNo));
    }

    /** The order's details as JSON: opened, or as an order placed before sealing still holds them until it is migrated. */
    String open(SupplierOrderStore.Row order) {
        if (order.deliverySealed() == null) {
            if (order.clearDelivery() == null) {
                throw new IllegalStateException("order " + order.orderNo() + " has no delivery details");
            }
            return order.clearDelivery();
        }
        try {
            return cipher.openText(order.deliverySealed(), aad(order.tenantId(), order.orderNo()));
        } catch (CryptoException e) {
            throw new IllegalStateException("delivery details of order " + order.orderNo() + " do not decrypt: " + e.getMessage(), e);
        }
    }

    private static Aad aad(UUID tenant, String orderNo) {
        return Aad.of(TABLE, tenant, orderNo, COLUMN);
    }
}
