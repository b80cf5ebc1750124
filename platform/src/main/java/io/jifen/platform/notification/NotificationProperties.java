package io.jifen.platform.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Posting notifications to the brands' webhooks ({@code jifen.notification}).
 *
 * @param timeout            how long a receiver may take to answer; longer is a failed attempt, retried
 * @param firstRetry         the wait after the first failed attempt; it doubles with every further failure
 * @param maxRetry           the longest wait between two attempts
 * @param maxAttempts        after this many failed attempts the delivery is FAILED and no longer tried
 * @param allowPrivateHosts  whether a webhook may point at loopback, private or link-local addresses (local runs and
 *                           tests; never in production, where it would let a tenant reach the platform's own network)
 */
@ConfigurationProperties("jifen.notification")
record NotificationProperties(@DefaultValue("10s") Duration timeout, @DefaultValue("30s") Duration firstRetry, @DefaultValue("6h") Duration maxRetry,
                              @DefaultValue("16") int maxAttempts, @DefaultValue("false") boolean allowPrivateHosts) {

    /** The wait before the attempt after {@code attempts} failed ones: firstRetry doubled per earlier failure, at most maxRetry. */
    Duration waitAfter(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration wait = firstRetry.multipliedBy(1L << doublings);
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
