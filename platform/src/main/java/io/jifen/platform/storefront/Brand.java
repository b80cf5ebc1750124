package io.jifen.platform.storefront;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.tenancy.Tenant;

/** The tenant whose mall a request is in, as its pages show it: name, logo and colours (the mall's defaults when unset). */
record Brand(UUID tenantId, String slug, String name, @Nullable String logoUrl, String primaryColor, String accentColor, String timeZone) {

    static final String DEFAULT_PRIMARY = "#C8102E";
    static final String DEFAULT_ACCENT = "#F5A623";

    static Brand of(Tenant tenant) {
        return new Brand(tenant.id(), tenant.slug(), tenant.name(), tenant.logoUrl(),
                tenant.primaryColor() == null ? DEFAULT_PRIMARY : tenant.primaryColor(),
                tenant.accentColor() == null ? DEFAULT_ACCENT : tenant.accentColor(), tenant.settings().timeZone());
    }

    /** No tenant's mall (an unknown or suspended slug): the platform's own neutral look. */
    static Brand unknown() {
        return new Brand(new UUID(0, 0), "", "积分商城 · Jifen", null, DEFAULT_PRIMARY, DEFAULT_ACCENT, "Asia/Shanghai");
    }

    public boolean known() {
        return !slug.isEmpty();
    }

    /** Black or white, whichever reads better on the primary colour (WCAG relative luminance). */
    public String onPrimary() {
        return readableOn(primaryColor);
    }

    public String onAccent() {
        return readableOn(accentColor);
    }

    /**
     * The primary colour as text on white (prices): the colour itself when it reads at WCAG AA (4.5:1), else darkened
     * step by step (each sRGB channel scaled by the same factor) until it does; black at worst.
     */
    public String primaryInk() {
        return inkOnWhite(primaryColor);
    }

    static String inkOnWhite(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        for (int percent = 100; percent >= 0; percent -= 5) {
            String candidate = String.format("#%02X%02X%02X", r * percent / 100, g * percent / 100, b * percent / 100);
            if (1.05 / (luminance(candidate) + 0.05) >= 4.5) {
                return candidate;
            }
        }
        return "#000000";
    }

    private static double luminance(String hex) {
        return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
    }

    static String readableOn(String hex) {
        double luminance = luminance(hex);
        // Contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05).
        return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#FFFFFF" : "#000000";
    }

    private static double channel(String hex, int at) {
        double c = Integer.parseInt(hex.substring(at, at + 2), 16) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** The mall's root path, {@code /m/<slug>/}. */
    public String root() {
        return "/m/" + slug + "/";
    }
}
