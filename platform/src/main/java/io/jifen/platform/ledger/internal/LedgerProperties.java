package io.jifen.platform.ledger.internal;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ledger's settings: how many threads group-commit earns, how the expiry job splits its work, and the keys of the
 * tamper-evident chain. (The cron schedules of the ledger's jobs, {@code jifen.ledger.schedule.*}, and
 * {@code jifen.ledger.hold-sweep-interval} are read where they are scheduled.)
 *
 * @param earnCommitters threads that each commit a batch of earns while the next one gathers; two beat one or four
 */
@Validated
@ConfigurationProperties("jifen.ledger")
public record LedgerProperties(@DefaultValue("2") @Positive int earnCommitters, @DefaultValue @Valid Expiry expiry,
                               @DefaultValue @Valid Chain chain) {

    /**
     * @param partitions      groups of tenants expired side by side, each in its own PostgreSQL backend (one per core)
     * @param walletsPerChunk wallets whose due lots one chunk (one transaction) books out
     */
    public record Expiry(@DefaultValue("2") @Positive int partitions, @DefaultValue("500") @Positive int walletsPerChunk) {
    }

    /**
     * The HMAC-SM3 chain over each tenant's ledger transactions ({@code ChainMac}).
     *
     * @param currentKey   the id of the key new links are made with
     * @param keys         keys by id, base64, at least 32 bytes each; a key stays here while links made with it exist
     * @param sealInterval  how often the transactions this instance wrote are linked into their tenant's chain (about
     *                      the longest a transaction stays unsealed, plus the longest transaction running in the database)
     * @param sweepInterval how often every tenant's are (what other instances, or a crashed one, left unsealed)
     * @param pageSize      transactions linked per sealing transaction
     */
    public record Chain(@Nullable String currentKey, @Nullable Map<String, String> keys, @DefaultValue("5s") Duration sealInterval,
                        @DefaultValue("10m") Duration sweepInterval, @DefaultValue("1000") @Positive int pageSize) {
    }
}
