package io.jifen.platform.ratelimit;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request rates, shared by every replica through PostgreSQL. Each limit is a token bucket: {@code capacity} requests,
 * refilled evenly over {@code period}, so a client may burst up to the capacity and then keeps the average.
 *
 * @param enabled          off only for benchmarks that measure something else
 * @param anonymousPerIp   requests without a token (sign-up, the API's documentation), per client address
 * @param perTenant        a tenant's API and webhook calls, all its clients and users together
 * @param perClient        one API client or console user of a tenant (or an operator)
 * @param perMember        one member on the member API ({@code /api/v1/me/**}), counted by each replica on its own (see
 *                         {@link RateLimiter#tryConsumeHere})
 * @param perSupplier      one supplier's notifications
 * @param perPaymentProvider one payment provider's webhook events (Stripe's, for every tenant together)
 * @param tenants          a larger or smaller {@code perTenant} for some tenants, by slug
 * @param unsynchronized   how many requests a replica may admit before it settles with the shared bucket (a bucket
 *                         of capacity c is off by at most this many per replica; 0 settles on every request)
 */
@ConfigurationProperties("jifen.rate-limits")
record RateLimitProperties(
        boolean enabled,
        Limit anonymousPerIp,
        Limit perTenant,
        Limit perClient,
        Limit perMember,
        Limit perSupplier,
        Limit perPaymentProvider,
        @Nullable Map<String, Limit> tenants,
        int unsynchronized) {

    /** A bucket of {@code capacity} requests refilled over {@code period}. */
    record Limit(long capacity, Duration period) {

        Limit {
            if (capacity < 1) {
                throw new IllegalArgumentException("a rate limit's capacity must be at least 1, not " + capacity);
            }
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate limit's period must be positive, not " + period);
            }
        }
    }

    RateLimitProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        if (unsynchronized < 0) {
            throw new IllegalArgumentException("jifen.rate-limits.unsynchronized must not be negative");
        }
    }

    Limit forTenant(@Nullable String slug) {
        return slug == null ? perTenant : tenants.getOrDefault(slug, perTenant);
    }
}
