package io.jifen.platform.storefront;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.address.AddressInput;
import io.jifen.platform.payment.Payments;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/**
 * The checkout form as the member filled it in, kept as text so that a bad field is shown back as typed. {@link #check}
 * finds the fields the mall can judge by itself (a quantity that is no whole number) and the address book judges a typed-in
 * address, before anything is asked of the redemption module, which judges the rest (stock, points, limits).
 */
public final class CheckoutForm {

    static final long MAX_QUANTITY = 1_000;
    static final String NEW_ADDRESS = "new";

    String key = UUID.randomUUID().toString();
    String quantity = "1";
    String points = "";
    String name = "";
    String mobile = "";
    /** The address of the book the goods go to, or {@link #NEW_ADDRESS}: the one typed in below. */
    String addressId = NEW_ADDRESS;
    String province = "";
    String city = "";
    String district = "";
    String line = "";
    String postalCode = "";
    /** Save the typed-in address to the member's book. */
    boolean save;
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
        form.addressId = text(fields, "addressId", NEW_ADDRESS, 40).strip();
        form.province = text(fields, "province", "", 60);
        form.city = text(fields, "city", "", 60);
        form.district = text(fields, "district", "", 60);
        form.line = text(fields, "line", "", 400);
        form.postalCode = text(fields, "postalCode", "", 20);
        form.save = "true".equals(fields.get("save"));
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

    /** Checks what the mall can check itself (the address: {@link #newAddress}); answers whether the form may be placed. */
    boolean check(boolean needsAccount, boolean hasCash) {
        long wanted = quantityValue();
        if (wanted < 1 || wanted > MAX_QUANTITY) {
            errors.put("quantity", "form.quantity");
        }
        if (!points.isBlank() && pointsValue() == null) {
            errors.put("points", "form.points");
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

    /** Whether the goods go to an address typed in here rather than one of the book. */
    boolean typedAddress() {
        return NEW_ADDRESS.equals(addressId) || addressId.isBlank();
    }

    /** The typed-in address, for the address book to check (its field names: recipient, phone, province, ..., line). */
    AddressInput newAddress() {
        return new AddressInput(name, mobile, province, city, district, line, postalCode, null);
    }

    /** Shows the address book's refusal of a typed-in address's fields under the checkout's fields. */
    void showAddressProblems(DomainException refused) {
        for (FieldProblem field : refused.errors()) {
            String shown = switch (field.field()) {
                case "recipient" -> "recipient.name";
                case "phone" -> "recipient.mobile";
                default -> field.field();
            };
            errors.put(shown, AddressForm.messageKey(field.field()));
        }
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

    public String getAddressId() {
        return addressId;
    }

    public String getProvince() {
        return province;
    }

    public String getCity() {
        return city;
    }

    public String getDistrict() {
        return district;
    }

    public String getLine() {
        return line;
    }

    public String getPostalCode() {
        return postalCode;
    }

    public boolean getSave() {
        return save;
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
