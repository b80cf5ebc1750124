package io.jifen.platform.storefront;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.payment.Payments;
import io.jifen.platform.redemption.Checkout;

/**
 * The checkout form as the member filled it in, kept as text so that a bad field is shown back as typed. {@link #check}
 * finds the fields the mall can judge by itself (a quantity that is no whole number, a missing address) before anything
 * is asked of the redemption module, which judges the rest (stock, points, limits).
 */
public final class CheckoutForm {

    static final long MAX_QUANTITY = 1_000;

    String key = UUID.randomUUID().toString();
    String quantity = "1";
    String points = "";
    String name = "";
    String mobile = "";
    String address = "";
    String account = "";
    String paymentMethod = "ALIPAY";
    @Nullable UUID flashSale;

    /** Field name to the message key of what is wrong with it. */
    final Map<String, String> errors = new LinkedHashMap<>();

    static CheckoutForm of(Map<String, String> fields) {
        var form = new CheckoutForm();
        form.key = text(fields, "key", form.key, 64);
        form.quantity = text(fields, "quantity", "", 20);
        form.points = text(fields, "points", "", 20);
        form.name = text(fields, "name", "", 100);
        form.mobile = text(fields, "mobile", "", 40);
        form.address = text(fields, "address", "", 400);
        form.account = text(fields, "account", "", 200);
        form.paymentMethod = text(fields, "paymentMethod", "ALIPAY", 20);
        String sale = fields.get("flashSale");
        try {
            form.flashSale = sale == null || sale.isBlank() ? null : UUID.fromString(sale.strip());
        } catch (IllegalArgumentException e) {
            form.errors.put("flashSale", "form.invalid");
        }
        return form;
    }

    /** Checks what the mall can check itself; answers whether the form may be placed. */
    boolean check(boolean shipped, boolean needsAccount, boolean hasCash) {
        long wanted = quantityValue();
        if (wanted < 1 || wanted > MAX_QUANTITY) {
            errors.put("quantity", "form.quantity");
        }
        if (!points.isBlank() && pointsValue() == null) {
            errors.put("points", "form.points");
        }
        if (shipped) {
            if (name.isBlank()) {
                errors.put("recipient.name", "form.required");
            }
            if (!mobile.strip().matches("\\+?[0-9 -]{5,20}")) {
                errors.put("recipient.mobile", "form.mobile");
            }
            if (address.strip().length() < 5) {
                errors.put("recipient.address", "form.address");
            }
        }
        if (needsAccount && account.isBlank()) {
            errors.put("account", "form.required");
        }
        if (hasCash && method() == null) {
            errors.put("paymentMethod", "form.paymentMethod");
        }
        return errors.isEmpty();
    }

    long quantityValue() {
        try {
            return Long.parseLong(quantity.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Nullable Long pointsValue() {
        if (points.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(points.strip());
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Payments.@Nullable Method method() {
        return switch (paymentMethod) {
            case "ALIPAY" -> Payments.Method.ALIPAY;
            case "WECHAT_PAY" -> Payments.Method.WECHAT_PAY;
            default -> null;
        };
    }

    Checkout.@Nullable Recipient recipient(boolean shipped) {
        return shipped ? new Checkout.Recipient(name.strip(), mobile.strip(), null, null, null, null, address.strip()) : null;
    }

    public String getKey() {
        return key;
    }

    public String getQuantity() {
        return quantity;
    }

    public String getPoints() {
        return points;
    }

    public String getName() {
        return name;
    }

    public String getMobile() {
        return mobile;
    }

    public String getAddress() {
        return address;
    }

    public String getAccount() {
        return account;
    }

    public String getPaymentMethod() {
        return paymentMethod;
    }

    public @Nullable UUID getFlashSale() {
        return flashSale;
    }

    public Map<String, String> getErrors() {
        return errors;
    }

    private static String text(Map<String, String> fields, String name, String otherwise, int max) {
        String value = fields.get(name);
        if (value == null) {
            return otherwise;
        }
        return value.length() > max ? value.substring(0, max) : value;
    }
}
