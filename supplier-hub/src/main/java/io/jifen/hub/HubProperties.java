package io.jifen.hub;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The hub's settings ({@code jifen.hub.*}), checked when the application starts. A supplier without a URL is not
 * connected.
 *
 * @param elasticsearchUrl the catalog index's cluster
 * @param stockProvince    the province (the suppliers' numbering; 1 is Beijing) whose stock the catalog shows
 * @param orders           how orders are retried and tracked
 * @param codes            older keys e-voucher codes were encrypted with (new ones use the application's jifen-crypto keys)
 * @param notices          what the hub accepts of suppliers' notifications
 * @param sync             how the catalog sync jobs cut their work
 * @param schedule         when the hub's jobs run
 */
@ConfigurationProperties("jifen.hub")
@Validated
public record HubProperties(@Nullable URI elasticsearchUrl, @DefaultValue @Valid Search search, @DefaultValue @Valid Jd jd,
                            @DefaultValue @Valid Tmall tmall, @DefaultValue @Valid Vouchers vouchers, @DefaultValue("1") @Positive int stockProvince,
                            @DefaultValue @Valid Orders orders, @DefaultValue @Valid Codes codes, @DefaultValue @Valid Notices notices,
                            @DefaultValue @Valid Sync sync, @DefaultValue @Valid Schedule schedule) {

    /**
     * @param index    the alias searches go through; each version of the index is {@code <index>-v<n>}
     * @param analyzer the analyzer of titles: "standard" on the local server (one token per Chinese character); a
     *                 production cluster with a Chinese analysis plugin sets e.g. "ik_max_word" or "smartcn"
     * @param searchAnalyzer the analyzer of queries against titles (e.g. "ik_smart"); the title analyzer if unset
     */
    public record Search(@DefaultValue("jifen-catalog") @NotBlank String index, @DefaultValue("standard") @NotBlank String analyzer,
                         @Nullable String searchAnalyzer) {
    }

    /** JD VOP: where it is, our account, and how hard we may call it (0 calls per second: unpaced). */
    public record Jd(@Nullable URI url, @Nullable String clientId, @Nullable String clientSecret, @Nullable String username,
                     @Nullable String password, @DefaultValue("https://img13.360buyimg.com/n1/") URI imageBaseUrl,
                     @DefaultValue("10s") Duration timeout, @DefaultValue("50") @PositiveOrZero int callsPerSecond,
                     @DefaultValue("5") @Positive int maxAttempts, @DefaultValue("200ms") Duration firstBackoff) {
    }

    /** The Tmall-style distribution API: where it is, the app, the distributor's authorisation, and how hard we may call it. */
    public record Tmall(@Nullable URI url, @Nullable String appKey, @Nullable String appSecret, @Nullable String session,
                        @Nullable String refreshToken, @DefaultValue("10s") Duration timeout, @DefaultValue("20") @PositiveOrZero int callsPerSecond,
                        @DefaultValue("5") @Positive int maxAttempts, @DefaultValue("200ms") Duration firstBackoff) {
    }

    /**
     * The e-voucher aggregator: where it is, our merchant account, and the URL it sends order results to (the
     * platform's {@code /api/v1/supplier-notices/vouchers}, reachable from the aggregator).
     */
    public record Vouchers(@Nullable URI url, @Nullable String appKey, @Nullable String appSecret, @Nullable URI notifyUrl,
                           @DefaultValue("10s") Duration timeout, @DefaultValue("20") @PositiveOrZero int callsPerSecond,
                           @DefaultValue("5") @Positive int maxAttempts, @DefaultValue("200ms") Duration firstBackoff) {
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
    public record Orders(@DefaultValue("8") @Positive int maxAttempts, @DefaultValue("5s") Duration firstBackoff,
                         @DefaultValue("30m") Duration maxBackoff, @DefaultValue("10m") Duration trackEvery,
                         @DefaultValue("5m") Duration lease, @DefaultValue("5") @PositiveOrZero int priceTolerancePercent,
                         @DefaultValue("2000") @Positive long pollMillis) {
    }

    /**
     * @param keys AES-256 keys by id, base64, that codes stored before jifen-crypto were encrypted with: they only open
     *             those codes (new codes are sealed with the application's {@code FieldCipher}); drop a key once no
     *             {@code voucher_code} row names it
     */
    public record Codes(@Nullable Map<String, String> keys) {
    }

    /**
     * @param maxAge      how far a notification's own timestamp may be from our clock, either way: an older one is a
     *                    replay (or lingered too long), one further ahead is forged or from a clock that is off
     * @param maxBodySize the largest notification body read; a longer one is refused before it is read whole
     */
    public record Notices(@DefaultValue("5m") Duration maxAge, @DefaultValue("64KB") DataSize maxBodySize) {

        public Notices {
            if (maxAge.isNegative() || maxAge.isZero() || maxBodySize.toBytes() <= 0 || maxBodySize.toBytes() >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("jifen.hub.notices: max-age and max-body-size must be positive (and the size under 2 GB)");
            }
        }
    }

    /**
     * @param chunkSize       SKUs per chunk of a full sync, each chunk one transaction (fetched in the supplier's batch
     *                        size, all at once)
     * @param maxChangeRounds rounds of change messages one run works through at most (100 messages each on JD)
     */
    public record Sync(@DefaultValue("500") @Positive int chunkSize, @DefaultValue("200") @Positive int maxChangeRounds) {
    }

    /**
     * Cron expressions in UTC, "-" for never. Every instance fires them; a run's parameters are the firing minute, so
     * the job repository lets one instance run each.
     *
     * @param changes      the suppliers' change messages
     * @param fullSync     the full catalog sync (03:00 Beijing time)
     * @param indexBacklog search documents queued while Elasticsearch was down
     * @param settlement   the settlement of the month before (the 3rd, 12:00 Beijing time)
     */
    public record Schedule(@DefaultValue("0 * * * * *") String changes, @DefaultValue("0 0 19 * * *") String fullSync,
                           @DefaultValue("*/30 * * * * *") String indexBacklog, @DefaultValue("0 0 4 3 * *") String settlement) {

        /** What turns a schedule off. */
        public static final String OFF = "-";

        public Schedule {
            for (String cron : new String[] {changes, fullSync, indexBacklog, settlement}) {
                if (!OFF.equals(cron) && !CronExpression.isValidExpression(cron)) {
                    throw new IllegalArgumentException("jifen.hub.schedule: '" + cron + "' is neither a cron expression nor '-'");
                }
            }
        }
    }
}
