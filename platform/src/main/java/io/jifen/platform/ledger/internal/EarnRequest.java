package io.jifen.platform.ledger.internal;

import java.util.UUID;

import io.jifen.platform.ledger.Ledger;

/** One earn to post in a batch: its tenant, its idempotency key and the hash of its request. */
public record EarnRequest(UUID tenant, String key, String hash, Ledger.Earn earn) {
}
