package io.jifen.hub;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's settings ({@code jifen.hub.*}). A supplier without a URL is not connected.
 *
 * @param elasticsearchUrl the catalog index's cluster
 * @param stockProvince    the province (the suppliers' numbering; 1 is Beijing) whose stock the catalog shows
 */
@ConfigurationProperties("jifen.hub")
public record HubProperties(@Nullable URI elasticsearchUrl, @DefaultValue Search search, @DefaultValue Jd jd,
                            @DefaultValue("1") int stockProvince) {

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
}
