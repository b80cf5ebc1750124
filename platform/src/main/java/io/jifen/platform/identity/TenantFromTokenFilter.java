package io.jifen.platform.identity;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import io.jifen.platform.logging.RequestIdFilter;
import io.jifen.platform.tenancy.TenantContext;

/** Binds the tenant named by the validated token's {@code tenant_id} claim to the request's thread. */
class TenantFromTokenFilter extends OncePerRequestFilter {

    static final String TENANT_CLAIM = "tenant_id";

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
