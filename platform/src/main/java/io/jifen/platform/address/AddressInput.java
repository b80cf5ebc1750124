package io.jifen.platform.address;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/**
 * An address as a member writes it (the member API's body, the mall's form). {@link #normalized()} checks every field and
 * answers it stripped, the phone as its 11 digits, or refuses naming each bad field. {@code isDefault}: make it the
 * default (null or false leaves the default where it is; a member's first address is the default anyway).
 */
public record AddressInput(@Nullable String recipient, @Nullable String phone, @Nullable String province, @Nullable String city,
                           @Nullable String district, @Nullable String line, @Nullable String postalCode, @Nullable Boolean isDefault) {

    static final int MAX_RECIPIENT = 40;
    static final int MAX_REGION = 30;
    static final int MAX_LINE = 100;

    /** A mainland China mobile number: 11 digits starting 13 to 19. */
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern POSTAL_CODE = Pattern.compile("[0-9]{6}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    /** The same fields, checked and tidied; a refusal names every bad field and changes nothing. */
    public AddressInput normalized() {
        List<FieldProblem> problems = new ArrayList<>();
        String name = text("recipient", recipient, 1, MAX_RECIPIENT, problems);
        String mobile = mobile(phone);
        if (mobile == null) {
            problems.add(FieldProblem.of("phone", "must be a mainland China mobile number (11 digits starting 13 to 19, +86 allowed)"));
        }
        String provinceText = text("province", province, 1, MAX_REGION, problems);
        String cityText = text("city", city, 1, MAX_REGION, problems);
        String districtText = text("district", district, 1, MAX_REGION, problems);
        String lineText = text("line", line, 2, MAX_LINE, problems);
        String postal = postalCode == null || postalCode.isBlank() ? null : postalCode.strip();
        if (postal != null && !POSTAL_CODE.matcher(postal).matches()) {
            problems.add(FieldProblem.of("postalCode", "must be 6 digits, or left out"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The address has " + problems.size() + " bad field(s)", problems);
        }
        return new AddressInput(name, mobile, provinceText, cityText, districtText, lineText, postal, isDefault);
    }

    /** The address as one line, as {@link Address#fullAddress()} writes it; for a {@link #normalized()} input. */
    public String fullAddress() {
        return join(Objects.requireNonNull(province), Objects.requireNonNull(city), Objects.requireNonNull(district), Objects.requireNonNull(line));
    }

    /** The digits of a mainland mobile number (spaces, dashes and a +86 or 0086 prefix do not count), or null. */
    static @Nullable String mobile(@Nullable String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[\\s()-]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.length() == 13 && digits.startsWith("86")) {
            digits = digits.substring(2);
        }
        return MOBILE.matcher(digits).matches() ? digits : null;
    }

    /**
     * Region and street as one line: a municipality's city (上海市 上海市) is written once, and the parts run on without
     * spaces, as Chinese addresses are written.
     */
    static String join(String province, String city, String district, String line) {
        var joined = new StringBuilder(province);
        if (!city.equals(province)) {
            joined.append(city);
        }
        if (!district.equals(city)) {
            joined.append(district);
        }
        return joined.append(line).toString();
    }

    private static String text(String field, @Nullable String value, int min, int max, List<FieldProblem> problems) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.length() < min) {
            problems.add(FieldProblem.of(field, min == 1 ? "is required" : "must have at least " + min + " characters"));
        } else if (stripped.length() > max) {
            problems.add(FieldProblem.of(field, "must have at most " + max + " characters"));
        } else if (CONTROL.matcher(stripped).find()) {
            problems.add(FieldProblem.of(field, "must not contain control characters"));
        }
        return stripped;
    }
}
