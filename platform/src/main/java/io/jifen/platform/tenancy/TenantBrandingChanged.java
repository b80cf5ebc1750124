package io.jifen.platform.tenancy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;

/** A tenant's name or logo changed: what its login page shows (identity keeps the Keycloak Organization in step). */
public record TenantBrandingChanged(UUID tenantId, String slug, String name, @Nullable String logoUrl) {

    /** A logo must be an absolute https URL with a host, no credentials and no whitespace (400 on {@code logoUrl}). */
    static String validatedLogoUrl(String logoUrl) {
        try {
            URI uri = new URI(logoUrl);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty()
                    && uri.getRawUserInfo() == null && logoUrl.chars().noneMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
                return logoUrl;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw DomainException.invalidField("logoUrl", "must be an https URL");
    }
}
