package io.jifen.platform.redemption;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.crypto.Aad;
import io.jifen.crypto.FieldCipher;
import io.jifen.platform.tenancy.TenantContext;

/**
 * An order's delivery details (the recipient of shipped goods, the account of a top-up), personal data sealed at rest
 * with the field cipher and bound to their tenant and order, so a sealed value copied to another row does not open.
 */
@Component
class OrderDeliveries {

    private final FieldCipher cipher;
    private final JsonMapper json;

    OrderDeliveries(FieldCipher cipher, JsonMapper json) {
        this.cipher = cipher;
        this.json = json;
    }

    byte @Nullable [] seal(UUID orderId, Order.@Nullable Delivery details) {
        return details == null ? null : cipher.sealText(json.writeValueAsString(details), aad(orderId));
    }

    Order.@Nullable Delivery open(UUID orderId, byte @Nullable [] sealed) {
        String text = cipher.openText(sealed, aad(orderId));
        return text == null ? null : json.readValue(text, Order.Delivery.class);
    }

    private static Aad aad(UUID orderId) {
        return Aad.of("platform.redemption_order", TenantContext.require(), orderId, "delivery");
    }
}
