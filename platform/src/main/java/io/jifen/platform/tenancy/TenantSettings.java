package io.jifen.platform.tenancy;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;

import io.jifen.platform.problem.DomainException;

/** A tenant's defaults: the time zone its days and expiry dates are counted in, its currency (ISO 4217) and locale. */
public record TenantSettings(String timeZone, String currency, String locale) {

    public static final TenantSettings CHINA = new TenantSettings("Asia/Shanghai", "CNY", "zh-CN");

    /** Settings from a request: an unknown time zone or currency is a 400 naming the field. */
    public static TenantSettings validated(String timeZone, String currency, String locale) {
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw DomainException.invalidField("timeZone", "unknown time zone '" + timeZone + "'");
        }
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalidField("currency", "unknown ISO 4217 currency '" + currency + "'");
        }
        return new TenantSettings(timeZone, currency, locale);
    }
}
