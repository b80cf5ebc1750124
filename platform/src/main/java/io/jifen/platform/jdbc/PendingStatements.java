package io.jifen.platform.jdbc;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Statements that wait in a transaction for its next round trip instead of making one each. A caller that knows that
 * nothing in its transaction needs their effects before some later round trip of its own opens them ({@link #open}):
 * writers whose rows nothing reads at once and reads whose results are used later (a lock taken ahead) ask for the
 * pipeline ({@link #current}) and add their statements to it, or run them themselves when there is none; whoever makes
 * the transaction's next round trip and knows to look sends them along with its own ({@link SqlPipeline#run}), the
 * opener at the latest. What is still pending when the transaction commits is sent before the commit, so nothing added
 * is ever lost; a rollback drops it with everything else.
 *
 * <p>The pipeline belongs to one transaction and one tenant, and its statements run as that tenant: a transaction
 * started inside it (REQUIRES_NEW) or a writer working for another tenant does not see it. A failing statement fails the
 * round trip that carried it, and the transaction with it, as if its writer had run it.
 */
public final class PendingStatements {

    private PendingStatements() {
    }

    /** The current transaction's pending statements for {@code tenant}, opened now if they are not yet. */
    public static SqlPipeline open(JdbcTemplate jdbc, UUID tenant) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("pending statements need a transaction");
        }
        Pending pending = TransactionBound.findOrRegister(Pending.class, () -> new Pending(tenant, new SqlPipeline(), jdbc));
        if (!pending.tenant.equals(tenant)) {
            throw new IllegalStateException("the transaction's pending statements are another tenant's");
        }
        return pending.pipeline;
    }

    /** The pipeline a caller working for {@code tenant} may add its statements to or send; null if the transaction has none open for it. */
    public static @Nullable SqlPipeline current(UUID tenant) {
        Pending pending = TransactionBound.find(Pending.class);
        return pending != null && pending.tenant.equals(tenant) ? pending.pipeline : null;
    }

    private record Pending(UUID tenant, SqlPipeline pipeline, JdbcTemplate jdbc) implements TransactionSynchronization {

        @Override
        public void beforeCommit(boolean readOnly) {
            // The caller's round trip did not happen (an early answer) or writes were added after it: sent now, as the
            // tenant they were added for (the transaction may have switched since), in a round trip of their own.
            if (!pipeline.isEmpty()) {
                new SqlPipeline().useTenant(tenant).run(jdbc);
                pipeline.run(jdbc);
            }
        }
    }
}
