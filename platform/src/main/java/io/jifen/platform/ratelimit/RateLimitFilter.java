package io.jifen.platform.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.ratelimit.RateLimitProperties.Limit;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.ProblemResponses;
import io.jifen.platform.web.ProblemType;

/**
 * Admits a request only if every bucket it draws from has a token: a caller with a token draws from its tenant's
 * bucket and its own (API client or user); a tenant's webhooks from the tenant's bucket; a supplier's notifications
 * from the supplier's; a payment provider's events from the provider's; any other request without a token from its client address's. Runs after authentication, so
 * the tenant is the token's. A refusal is a 429 problem with {@code Retry-After}.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final Pattern WEBHOOK = Pattern.compile("/api/v1/webhooks/([^/]+)/events");
    private static final Pattern SUPPLIER_NOTICE = Pattern.compile("/api/v1/supplier-notices/([^/]+)");
    private static final Pattern PAYMENT_PROVIDER_EVENTS = Pattern.compile("/api/v1/payments/(stripe)/events");

    /** A bucket to draw from: shared by every replica through the table, or (local) counted by this replica. */
    private record Draw(String key, Limit limit, String what, boolean local) {

        Draw(String key, Limit limit, String what) {
            this(key, limit, what, false);
        }
    }

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final JsonMapper json;
    private final LoadingCache<UUID, Optional<String>> slugs;
    private final LoadingCache<String, Optional<UUID>> tenantsBySlug;

    RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, TenantRegistry tenants, JsonMapper json) {
        this.limiter = limiter;
        this.properties = properties;
        this.json = json;
        this.slugs = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(5, TimeUnit.MINUTES)
                .build(id -> tenants.find(id).map(Tenant::slug));
        this.tenantsBySlug = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(1, TimeUnit.MINUTES)
                .build(slug -> tenants.findBySlug(slug).map(Tenant::id));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The orchestrator's probes are never refused, nor the console's static files (no database work, and one page
        // load is a dozen of them, which the anonymous bucket per address would soon refuse).
        String path = request.getRequestURI();
        return !properties.enabled() || path.equals("/livez") || path.equals("/readyz") || isConsolePage(request, path);
    }

    private static boolean isConsolePage(HttpServletRequest request, String path) {
        return (path.equals("/console") || path.startsWith("/console/")) && "GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Draw draw : draws(request)) {
            RateLimiter.Verdict verdict;
            try {
                verdict = draw.local() ? limiter.tryConsumeHere(draw.key(), draw.limit()) : limiter.tryConsume(draw.key(), draw.limit());
            } catch (RuntimeException e) {
                // The limits' table is out of reach: so is the database the request needs. Let it fail there, clearly.
                log.warn("rate limit {} not checked: {}", draw.key(), e.toString());
                continue;
            }
            if (!verdict.admitted()) {
                refuse(response, draw, verdict.retryAfter());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private List<Draw> draws(HttpServletRequest request) {
        List<Draw> draws = new ArrayList<>(2);
        String path = request.getRequestURI();
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            Optional<UUID> tenant = TenantContext.current();
            tenant.ifPresent(id -> draws.add(tenantDraw(id, slugs.get(id).orElse(null))));
            // The client the token was issued to and its subject: an API client (its service account) or one user of
            // the console; on the member API and the mall's pages, a member (only members are let in there).
            String caller = token.getToken().getClaimAsString("azp") + ":" + token.getToken().getSubject();
            if (path.equals("/api/v1/me") || path.startsWith("/api/v1/me/") || path.startsWith("/m/")) {
                draws.add(new Draw("member:" + tenant.map(UUID::toString).orElse("none") + ":" + caller, properties.perMember(),
                        "this member's", true));
                return draws;
            }
            draws.add(new Draw("client:" + tenant.map(UUID::toString).orElse("operator") + ":" + caller, properties.perClient(),
                    "this API client's or user's"));
            return draws;
        }
        Matcher webhook = WEBHOOK.matcher(path);
        if (webhook.matches()) {
            String slug = webhook.group(1);
            Optional<UUID> tenant = tenantsBySlug.get(slug);
            // An unknown slug draws from its caller's address: a scan of slugs is throttled like any anonymous caller.
            draws.add(tenant.isPresent() ? tenantDraw(tenant.get(), slug) : addressDraw(request));
            return draws;
        }
        Matcher notice = SUPPLIER_NOTICE.matcher(path);
        if (notice.matches()) {
            draws.add(new Draw("supplier:" + notice.group(1), properties.perSupplier(), "this supplier's"));
            return draws;
        }
        Matcher providerEvents = PAYMENT_PROVIDER_EVENTS.matcher(path);
        if (providerEvents.matches()) {
            // Stripe posts every tenant's events from a few addresses: one bucket for the provider, not one per address.
            draws.add(new Draw("payment-provider:" + providerEvents.group(1), properties.perPaymentProvider(), "this payment provider's"));
            return draws;
        }
        draws.add(addressDraw(request));
        return draws;
    }

    private Draw tenantDraw(UUID tenant, String slug) {
        return new Draw("tenant:" + tenant, properties.forTenant(slug), "this tenant's");
    }

    private Draw addressDraw(HttpServletRequest request) {
        return new Draw("ip:" + request.getRemoteAddr(), properties.anonymousPerIp(), "this client address's");
    }

    private void refuse(HttpServletResponse response, Draw draw, Duration retryAfter) throws IOException {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        Limit limit = draw.limit();
        ProblemResponses.write(json, response, HttpStatus.TOO_MANY_REQUESTS, ProblemType.of("rate-limited"),
                "Too many requests: " + draw.what() + " limit is " + limit.capacity() + " per " + describe(limit.period())
                        + "; retry after " + seconds + " s");
    }

    private static String describe(Duration period) {
        return period.toSeconds() % 3600 == 0 ? period.toHours() + " h"
                : period.toSeconds() % 60 == 0 ? period.toMinutes() + " min" : period.toSeconds() + " s";
    }
}
