package io.jifen.platform.audit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

import io.jifen.platform.logging.RequestIdFilter;

/**
 * What counts as an admin change: a POST, PUT, PATCH or DELETE on {@code /api/v1/**} that succeeds, made by a staff
 * caller (platform operator, tenant admin, tenant staff: people and the brand's API clients), except what members,
 * anonymous callers and the order flow do. Left out: the member API ({@code /api/v1/me/**}), the public sign-up and
 * auto-login, signed webhooks and suppliers' notices (no staff caller), the earning intake (events and batches: the
 * business itself, millions a day, recorded by the earning log) and the ledger's order-flow postings (earn, spend,
 * holds, capture, release, transfers: each already a tamper-evident ledger transaction naming its actor), and the
 * POSTs that change nothing (the calculator, quotes). Adjustments, clawbacks and refunds of points are corrections by
 * staff and are audited.
 */
record AuditScope(@Nullable UUID tenant, Actor actor, String method, String path, Map<String, String> pathIds, @Nullable String requestId) {

    /** Who made the change: the token's subject, its client ({@code azp}) and realm roles. */
    record Actor(@Nullable String subject, @Nullable String clientId, List<String> roles) {
    }

    static final String RECORDED = AuditScope.class.getName() + ".recorded";
    // The identity module's role names (identity.Roles), spelled here because identity records its own changes.
    static final String OPERATOR = "platform-operator";
    private static final Set<String> STAFF = Set.of(OPERATOR, "tenant-admin", "tenant-staff");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> EXCLUDED_PREFIXES = List.of("/api/v1/me/", "/api/v1/signups", "/api/v1/webhooks/",
            "/api/v1/supplier-notices/", "/api/v1/payments/");
    private static final Set<String> EXCLUDED = Set.of("/api/v1/me", "/api/v1/auto-login",
            "/api/v1/earning/events", "/api/v1/earning/event-batches", "/api/v1/earning/calculator", "/api/v1/mall/quotes",
            "/api/v1/members/{memberId}/points/earn", "/api/v1/members/{memberId}/points/spend",
            "/api/v1/members/{memberId}/points/holds", "/api/v1/members/{memberId}/points/transfers",
            "/api/v1/points/holds/{holdId}/capture", "/api/v1/points/holds/{holdId}/release");

    /** The audited write the current thread serves, if it serves one. */
    static @Nullable AuditScope current() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        return of(attributes.getRequest());
    }

    @SuppressWarnings("unchecked")
    static @Nullable AuditScope of(HttpServletRequest request) {
        if (!WRITES.contains(request.getMethod())
                || !(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String path)
                || !isAudited(path)
                || !(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            return null;
        }
        Jwt jwt = token.getToken();
        List<String> roles = roles(jwt);
        if (roles.stream().noneMatch(STAFF::contains)) {
            return null;
        }
        UUID tenant = request.getAttribute(RequestIdFilter.TENANT_ATTRIBUTE) instanceof UUID id ? id : null;
        if (tenant == null && !roles.contains(OPERATOR)) {
            return null;
        }
        var ids = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                ? Map.copyOf((Map<String, String>) variables) : Map.<String, String>of();
        return new AuditScope(tenant, new Actor(jwt.getSubject(), jwt.getClaimAsString("azp"), roles), request.getMethod(), path, ids,
                MDC.get("requestId"));
    }

    static boolean isAudited(String path) {
        return path.startsWith("/api/v1/") && !EXCLUDED.contains(path) && EXCLUDED_PREFIXES.stream().noneMatch(path::startsWith);
    }

    private static List<String> roles(Jwt jwt) {
        Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
        if (realmAccess == null || !(realmAccess.get("roles") instanceof Collection<?> roles)) {
            return List.of();
        }
        return roles.stream().map(String::valueOf).sorted().toList();
    }
}
