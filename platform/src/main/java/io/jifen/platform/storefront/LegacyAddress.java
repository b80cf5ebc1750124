package io.jifen.platform.storefront;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address kept as one line (an order placed before the address book) split back into province, city, district and
 * street by the suffixes of China's administrative divisions (省, 自治区, 市, 自治州, 区, 县, ...), so the checkout can
 * offer it in the book's fields. What cannot be told apart stays in the street line and its region fields stay empty for
 * the member to fill in.
 */
record LegacyAddress(String province, String city, String district, String line) {

    private static final Pattern MUNICIPALITY = Pattern.compile("^(北京|天津|上海|重庆)市?\\s*(?:\\1市?)?\\s*(?:市辖区)?\\s*");
    private static final Pattern PROVINCE = Pattern.compile("^(\\S{2,8}?(?:省|自治区|特别行政区))\\s*");
    private static final Pattern CITY = Pattern.compile("^(\\S{2,12}?(?:市|自治州|地区|盟))\\s*");
    private static final Pattern DISTRICT = Pattern.compile("^(\\S{1,12}?(?:区|县|市|旗))\\s*");

    static LegacyAddress split(String address) {
        String rest = address.strip();
        String province = "";
        String city = "";
        Matcher municipality = MUNICIPALITY.matcher(rest);
        if (municipality.lookingAt()) {
            province = municipality.group(1) + "市";
            city = province;
            rest = rest.substring(municipality.end());
        } else {
            Matcher provinceMatch = PROVINCE.matcher(rest);
            if (!provinceMatch.lookingAt()) {
                return new LegacyAddress("", "", "", address.strip());
            }
            province = provinceMatch.group(1);
            rest = rest.substring(provinceMatch.end());
            Matcher cityMatch = CITY.matcher(rest);
            if (!cityMatch.lookingAt()) {
                return new LegacyAddress(province, "", "", rest);
            }
            city = cityMatch.group(1);
            rest = rest.substring(cityMatch.end());
        }
        Matcher districtMatch = DISTRICT.matcher(rest);
        if (!districtMatch.lookingAt() || rest.length() - districtMatch.end() < 2) {
            return new LegacyAddress(province, city, "", rest);
        }
        return new LegacyAddress(province, city, districtMatch.group(1), rest.substring(districtMatch.end()));
    }
}
