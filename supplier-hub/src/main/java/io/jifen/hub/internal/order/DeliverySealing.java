package io.jifen.hub.internal.order;

import java.util.HexFormat;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.crypto.Aad;
import io.jifen.crypto.BlindIndex;
import io.jifen.crypto.CryptoException;
import io.jifen.crypto.FieldCipher;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.internal.digest.Digests;

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

    /** Marks a keyed fingerprint; older orders' fingerprints are a plain SHA-256 (64 hex digits, no prefix). */
    static final String KEYED = "hmac-sm3:";

    private final FieldCipher cipher;
    private final BlindIndex index;

    DeliverySealing(FieldCipher cipher, BlindIndex index) {
        this.cipher = cipher;
        this.index = index;
    }

    /**
     * What tells a replay of an order from another order under its number: HMAC-SM3 (the key service's index key) of
     * the order's lines and delivery details. Keyed, because a plain digest of low-entropy details (an account that is
     * a mobile number) could be reversed by trying every number.
     */
    String fingerprint(UUID tenant, UUID member, String supplier, String skuId, int quantity, String deliveryJson) {
        return KEYED + HexFormat.of().formatHex(index.of(TABLE + ".fingerprint", tenant, member, supplier, skuId, quantity, deliveryJson));
    }

    /** Whether a stored fingerprint is the order's: keyed, or (an order stored before, not yet migrated) the old digest. */
    boolean sameOrder(String stored, PlaceOrder order, String deliveryJson) {
        if (stored.startsWith(KEYED)) {
            return stored.equals(fingerprint(order.tenantId(), order.memberId(), order.supplier(), order.skuId(), order.quantity(), deliveryJson));
        }
        return stored.equals(Digests.sha256Hex(String.join("|", order.tenantId().toString(), order.memberId().toString(), order.supplier(),
                order.skuId(), String.valueOf(order.quantity()), deliveryJson)));
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
