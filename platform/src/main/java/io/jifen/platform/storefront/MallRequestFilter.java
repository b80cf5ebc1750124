package io.jifen.platform.storefront;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The tenant of a mall request comes from its path ({@code /m/<slug>/...}, an active tenant), never from a header or
 * the session; the member from the session cookie of that mall. The member's token becomes the request's
 * authentication, so the rate limits count a signed-in member's pages against the tenant's and the member's buckets
 * (as the member API's), not against the client address that a carrier's NAT shares with thousands.
 */
final class MallRequestFilter extends OncePerRequestFilter {

    static final String BRAND = MallRequestFilter.class.getName() + ".brand";
    static final String SHOPPER = MallRequestFilter.class.getName() + ".shopper";

    private static final Pattern MALL_PATH = Pattern.compile("^/m/([a-z0-9][a-z0-9-]{0,62})(/.*)?$");

    private final TenantRegistry tenants;
    private final MallSession sessions;

    MallRequestFilter(TenantRegistry tenants, MallSession sessions) {
        this.tenants = tenants;
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        Matcher path = MALL_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        Brand brand = path.matches()
                ? tenants.findActiveBySlug(path.group(1)).map(Brand::of).orElse(null)
                : null;
        if (brand == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(BRAND, brand);
        TenantContext.bind(brand.tenantId());
        try {
            sessions.current(request, brand).map(jwt -> sessions.renewIfOld(jwt, brand, request, response)).ifPresent(jwt -> {
                request.setAttribute(SHOPPER, new Shopper(brand, MemberTokens.requireMemberId(jwt)));
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("ROLE_member"))));
                SecurityContextHolder.setContext(context);
            });
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }
}
