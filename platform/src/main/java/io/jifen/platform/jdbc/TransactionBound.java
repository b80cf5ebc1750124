package io.jifen.platform.jdbc;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * State kept with the current transaction as one of its synchronizations: unlike a bound resource, a transaction
 * started inside it (REQUIRES_NEW) does not see it, as its synchronizations are suspended meanwhile.
 */
public final class TransactionBound {

    private TransactionBound() {
    }

    /** The current transaction's synchronization of the type, if it has one (null outside a transaction too). */
    public static <T extends TransactionSynchronization> @Nullable T find(Class<T> type) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (type.isInstance(synchronization)) {
                return type.cast(synchronization);
            }
        }
        return null;
    }

    /** The current transaction's synchronization of the type, registered now if it has none; a transaction is required. */
    public static <T extends TransactionSynchronization> T findOrRegister(Class<T> type, Supplier<T> created) {
        T found = find(type);
        if (found == null) {
            found = created.get();
            TransactionSynchronizationManager.registerSynchronization(found);
        }
        return found;
    }
}
