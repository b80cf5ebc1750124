package io.jifen.platform.identity;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.logging.RequestIdFilter;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.ProblemResponses;
import io.jifen.platform.web.ProblemType;

/**
 * Binds the tenant named by the validated token's {@code tenant_id} claim to the request's thread, and refuses the
 * tokens of a suspended tenant (403 {@code tenant-suspended}) before anything else sees them.
 */
class TenantFromTokenFilter extends OncePerRequestFilter {

    static final String TENANT_CLAIM = "tenant_id";

    private final TenantRegistry tenants;
    private final JsonMapper json;

    TenantFromTokenFilter(TenantRegistry tenants, JsonMapper json) {
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        UUID tenant = null;
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            tenant = parse(token.getToken().getClaimAsString(TENANT_CLAIM));
        }
        if (tenant == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(RequestIdFilter.TENANT_ATTRIBUTE, tenant);
        if (tenants.isSuspended(tenant)) {
            ProblemResponses.write(json, response, HttpStatus.FORBIDDEN, ProblemType.of("tenant-suspended"),
                    "This tenant is suspended: its programme and mall are paused until the platform operator reactivates it");
            return;
        }
        TenantContext.bind(tenant);
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }

    private static UUID parse(String claim) {
        if (claim == null) {
            return null;
        }
        try {
            return UUID.fromString(claim);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
