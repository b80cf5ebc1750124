package io.jifen.platform.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.ratelimit.RateLimitProperties.Limit;

/**
 * Token buckets kept in PostgreSQL ({@code platform.rate_limit_bucket}), so that every replica draws from the same
 * bucket. A replica may admit up to {@code unsynchronized} requests of a bucket before it settles with the table, which
 * keeps the cost of a busy tenant's limit to one small transaction every few requests.
 */
@Component
class RateLimiter {

    /** What a request got from a bucket: admitted, or refused with the time until a request would be admitted. */
    record Verdict(boolean admitted, long remaining, Duration retryAfter) {
    }

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final int unsynchronized;
    /** Buckets counted by this replica alone, by key. */
    private final Cache<String, Bucket> local = Caffeine.newBuilder()
            .maximumSize(1_000_000).expireAfterAccess(10, TimeUnit.MINUTES).build();
    /** The buckets this replica used lately, each with what it has admitted but not settled yet. */
    private final Cache<String, BucketProxy> recent = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(10, TimeUnit.MINUTES).build();

    RateLimiter(DataSource dataSource, RateLimitProperties properties) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("platform.rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // A bucket's row is worth keeping only until the bucket is full again; after that a new one is the same.
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        this.unsynchronized = properties.unsynchronized();
    }

    Verdict tryConsume(String key, Limit limit) {
        BucketProxy bucket = recent.get(key + "|" + limit.capacity() + "/" + limit.period(), ignored -> build(key, limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Verdict(probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /**
     * A bucket this replica counts on its own, never settled with the table: for the many small callers (a member) whose
     * shared bucket would cost a PostgreSQL transaction on nearly every request (a member calls a few times a page, so
     * the shared bucket's unsettled requests would rarely add up). With n replicas behind a balancer that spreads a
     * caller's requests, such a caller gets up to n times the limit; its tenant's shared bucket still bounds them all.
     */
    Verdict tryConsumeHere(String key, Limit limit) {
        Bucket bucket = local.get(key + "|" + limit.capacity() + "/" + limit.period(), ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Verdict(probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private BucketProxy build(String key, Limit limit) {
        var configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build())
                .build();
        var builder = buckets.builder();
        // Small buckets (a sign-up form's few a minute) settle every request: a few unsettled ones would be most of them.
        if (unsynchronized > 0 && limit.capacity() >= 20L * unsynchronized) {
            builder = builder.withOptimization(Optimizations.delaying(new DelayParameters(unsynchronized, Duration.ofMillis(500))));
        }
        return builder.build(key, () -> configuration);
    }

    /** Drops the rows of buckets that have been full for a while (they would be created anew, the same). */
    @Scheduled(fixedDelayString = "${jifen.rate-limits.cleanup-every:PT5M}")
    void removeFullBuckets() {
        while (buckets.removeExpired(1_000) == 1_000) {
            // more to remove
        }
    }
}
