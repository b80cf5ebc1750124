package io.jifen.platform.ledger.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ledger's settings: how many threads group-commit earns, and how the expiry job splits its work. (The cron
 * schedules of the ledger's jobs, {@code jifen.ledger.schedule.*}, and {@code jifen.ledger.hold-sweep-interval} are
 * read where they are scheduled.)
 *
 * @param earnCommitters threads that each commit a batch of earns while the next one gathers; two beat one or four
 */
@Validated
@ConfigurationProperties("jifen.ledger")
public record LedgerProperties(@DefaultValue("2") @Positive int earnCommitters, @DefaultValue @Valid Expiry expiry) {

    /**
     * @param partitions      groups of tenants expired side by side, each in its own PostgreSQL backend (one per core)
     * @param walletsPerChunk wallets whose due lots one chunk (one transaction) books out
     */
    public record Expiry(@DefaultValue("2") @Positive int partitions, @DefaultValue("500") @Positive int walletsPerChunk) {
    }
}
