package io.jifen.hub;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's settings ({@code jifen.hub.*}). A supplier without a URL is not connected.
 *
 * @param elasticsearchUrl the catalog index's cluster
 * @param stockProvince    the province (the suppliers' numbering; 1 is Beijing) whose stock the catalog shows
 * @param orders           how orders are retried and tracked
 * @param codes            the keys e-voucher codes are encrypted with at rest
 */
@ConfigurationProperties("jifen.hub")
public record HubProperties(@Nullable URI elasticsearchUrl, @DefaultValue Search search, @DefaultValue Jd jd, @DefaultValue Tmall tmall, @DefaultValue Vouchers vouchers,
                            @DefaultValue("1") int stockProvince, @DefaultValue Orders orders, @DefaultValue Codes codes) {

    /**
     * @param index    the alias searches go through; each version of the index is {@code <index>-v<n>}
     * @param analyzer the analyzer of titles: "standard" on the local server (one token per Chinese character); a
     *                 production cluster with a Chinese analysis plugin sets e.g. "ik_max_word" or "smartcn"
     * @param searchAnalyzer the analyzer of queries against titles (e.g. "ik_smart"); the title analyzer if unset
     */
    public record Search(@DefaultValue("jifen-catalog") String index, @DefaultValue("standard") String analyzer,
                         @Nullable String searchAnalyzer) {
    }

    /** JD VOP: where it is, our account, and how hard we may call it. */
    public record Jd(@Nullable URI url, @Nullable String clientId, @Nullable String clientSecret, @Nullable String username,
                     @Nullable String password, @DefaultValue("https://img13.360buyimg.com/n1/") URI imageBaseUrl,
                     @DefaultValue("10s") Duration timeout, @DefaultValue("50") int callsPerSecond,
                     @DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration firstBackoff) {
    }

    /** The Tmall-style distribution API: where it is, the app, the distributor's authorisation, and how hard we may call it. */
    public record Tmall(@Nullable URI url, @Nullable String appKey, @Nullable String appSecret, @Nullable String session,
                        @Nullable String refreshToken, @DefaultValue("10s") Duration timeout, @DefaultValue("20") int callsPerSecond,
                        @DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration firstBackoff) {
    }

    /**
     * The e-voucher aggregator: where it is, our merchant account, and the URL it sends order results to (the
     * platform's {@code /api/v1/supplier-notices/vouchers}, reachable from the aggregator).
     */
    public record Vouchers(@Nullable URI url, @Nullable String appKey, @Nullable String appSecret, @Nullable URI notifyUrl,
                           @DefaultValue("10s") Duration timeout, @DefaultValue("20") int callsPerSecond,
                           @DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration firstBackoff) {
    }

    /**
     * @param maxAttempts           tries to get an order accepted and confirmed before it fails for good
     * @param firstBackoff          the wait after the first failed try; doubled after each, up to {@code maxBackoff}
     * @param trackEvery            how often an order at the supplier is checked (order messages and notifications
     *                              bring the check forward)
     * @param lease                 how long a worker holds an order it works on; after that (a crashed worker) another
     *                              takes it up, which is safe because suppliers take each order number once
     * @param priceTolerancePercent how much more than the catalog's cost an order may be placed at when the supplier's
     *                              price has risen; beyond it the order fails (and the redemption is refunded)
     * @param pollMillis            how often each instance looks for orders that are due
     */
    public record Orders(@DefaultValue("8") int maxAttempts, @DefaultValue("5s") Duration firstBackoff,
                         @DefaultValue("30m") Duration maxBackoff, @DefaultValue("10m") Duration trackEvery,
                         @DefaultValue("5m") Duration lease, @DefaultValue("5") int priceTolerancePercent,
                         @DefaultValue("2000") long pollMillis) {
    }

    /**
     * @param currentKey the id of the key new codes are encrypted with
     * @param keys       AES-256 keys by id, base64; old keys stay listed until no stored code uses them
     */
    public record Codes(@Nullable String currentKey, @Nullable Map<String, String> keys) {
    }
}
