package io.jifen.billing;

import java.util.List;
import java.util.UUID;

/** The embedding application reports usage here, as it happens (late usage is billed on the next invoice). */
public interface Metering {

    /** Records the usage unless the tenant has usage with its key already; answers whether it was new. */
    boolean record(UUID tenant, Usage usage);

    /** A statement with positional ({@code ?}) parameters. */
    record Statement(String sql, List<Object> params) {
    }

    /**
     * The statement that records the usage as {@link #record} does, for an embedding application that sends it with
     * statements of its own in a transaction already working as the tenant (its {@code app.tenant_id} is the tenant's;
     * in any other, row-level security refuses the insert).
     */
    Statement recording(UUID tenant, Usage usage);
}
