package io.jifen.platform.storefront;

import java.util.LinkedHashMap;
import java.util.Map;

import io.jifen.platform.address.Address;
import io.jifen.platform.address.AddressInput;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/** An address of the book as the member filled in the form, kept as text so that a bad field is shown back as typed. */
public final class AddressForm {

    String recipient = "";
    String phone = "";
    String province = "";
    String city = "";
    String district = "";
    String line = "";
    String postalCode = "";
    boolean isDefault;

    /** Field name to the message key of what is wrong with it. */
    final Map<String, String> errors = new LinkedHashMap<>();

    static AddressForm of(Map<String, String> fields) {
        var form = new AddressForm();
        form.recipient = text(fields, "recipient", 100);
        form.phone = text(fields, "phone", 40);
        form.province = text(fields, "province", 60);
        form.city = text(fields, "city", 60);
        form.district = text(fields, "district", 60);
        form.line = text(fields, "line", 400);
        form.postalCode = text(fields, "postalCode", 20);
        form.isDefault = "true".equals(fields.get("isDefault"));
        return form;
    }

    static AddressForm of(Address address) {
        var form = new AddressForm();
        form.recipient = address.recipient();
        form.phone = address.phone();
        form.province = address.province();
        form.city = address.city();
        form.district = address.district();
        form.line = address.line();
        form.postalCode = address.postalCode() == null ? "" : address.postalCode();
        form.isDefault = address.isDefault();
        return form;
    }

    AddressInput input() {
        return new AddressInput(recipient, phone, province, city, district, line, postalCode, isDefault);
    }

    /** Shows the address book's refusal of bad fields on the form; answers false for any other refusal. */
    boolean show(DomainException refused) {
        for (FieldProblem field : refused.errors()) {
            errors.put(field.field(), messageKey(field.field()));
        }
        return !refused.errors().isEmpty();
    }

    /** The mall's words for a bad field of an address (the checkout's new address uses them too). */
    static String messageKey(String field) {
        return switch (field) {
            case "phone" -> "form.mobile";
            case "line" -> "form.line";
            case "postalCode" -> "form.postalCode";
            default -> "form.required";
        };
    }

    public String getRecipient() {
        return recipient;
    }

    public String getPhone() {
        return phone;
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

    public boolean getIsDefault() {
        return isDefault;
    }

    public Map<String, String> getErrors() {
        return errors;
    }

    static String text(Map<String, String> fields, String name, int max) {
        String value = fields.get(name);
        if (value == null) {
            return "";
        }
        return value.length() > max ? value.substring(0, max) : value;
    }
}
