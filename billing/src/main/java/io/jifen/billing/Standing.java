package io.jifen.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's standing with the operator: since when its mall is paused for unpaid invoices (redemption refused, earning
 * goes on), and since when dunning suspended it; both null for a tenant in good standing.
 */
public record Standing(@Nullable Instant mallPausedAt, @Nullable Instant suspendedAt) {

    public static final Standing GOOD = new Standing(null, null);

    public boolean mallPaused() {
        return mallPausedAt != null;
    }
}
