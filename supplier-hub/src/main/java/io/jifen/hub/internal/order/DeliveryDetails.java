package io.jifen.hub.internal.order;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.OrderDelivery;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.Recipient;
import io.jifen.hub.internal.connector.OrderRequest;

/**
 * Where an order goes, as stored with it (JSON, sealed by {@link DeliverySealing}): a recipient for goods, an account
 * for a top-up, nothing for codes. Never logged: messages name the field, not its value.
 */
final class DeliveryDetails {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MOBILE = Pattern.compile("1\\d{10}");

    private DeliveryDetails() {
    }

    /** The delivery details the SKU's kind needs, as stored (JSON); an {@link IllegalArgumentException} if they do not fit. */
    static String of(PlaceOrder order, DeliveryKind kind) {
        Map<String, Object> delivery = new LinkedHashMap<>();
        switch (kind) {
            case PHYSICAL, SERVICE_BOOKING -> {
                var to = order.recipient();
                if (to == null) {
                    throw new IllegalArgumentException("SKU " + order.skuId() + " is shipped: the order needs a recipient");
                }
                if (to.name() == null || to.name().isBlank() || to.address() == null || to.address().isBlank()) {
                    throw new IllegalArgumentException("recipient needs a name and an address");
                }
                if (to.mobile() == null || !MOBILE.matcher(to.mobile()).matches()) {
                    throw new IllegalArgumentException("recipient.mobile must be an 11-digit mainland mobile number");
                }
                if (to.province() <= 0 || to.city() <= 0 || to.county() <= 0 || to.town() < 0) {
                    throw new IllegalArgumentException("recipient needs province, city and county ids");
                }
                delivery.put("recipient", to);
            }
            case DIRECT_TOP_UP -> {
                if (order.account() == null || order.account().isBlank() || order.account().length() > 64) {
                    throw new IllegalArgumentException("SKU " + order.skuId() + " is a top-up: the order needs the account to credit");
                }
                delivery.put("account", order.account().strip());
            }
            case VOUCHER_CODE -> {
                if (order.recipient() != null || order.account() != null) {
                    throw new IllegalArgumentException("SKU " + order.skuId() + " is an e-voucher code: the order takes no recipient or account");
                }
            }
        }
        return JSON.writeValueAsString(delivery);
    }

    /**
     * Stored details (JSON in any layout, e.g. as PostgreSQL's jsonb prints them) in the layout {@link #of} writes, the
     * one the order's fingerprint was made of.
     */
    static String canonical(String json) {
        OrderDelivery view = view(json);
        Map<String, Object> delivery = new LinkedHashMap<>();
        if (view.recipient() != null) {
            delivery.put("recipient", view.recipient());
        }
        if (view.account() != null) {
            delivery.put("account", view.account());
        }
        return JSON.writeValueAsString(delivery);
    }

    /** The details (their stored JSON) as the order's owner sees them. */
    static OrderDelivery view(String json) {
        var delivery = JSON.readTree(json);
        Recipient recipient = delivery.has("recipient") ? JSON.treeToValue(delivery.get("recipient"), Recipient.class) : null;
        return new OrderDelivery(recipient, delivery.has("account") ? delivery.get("account").asString() : null);
    }

    /** The stored order, its delivery details opened ({@code json}), as a request to its supplier, at {@code unitCostFen}. */
    static OrderRequest request(SupplierOrderStore.Row order, String json, long unitCostFen) {
        OrderDelivery delivery = view(json);
        return new OrderRequest(order.orderNo(), order.skuId(), order.quantity(), unitCostFen, delivery.recipient(), delivery.account());
    }
}
