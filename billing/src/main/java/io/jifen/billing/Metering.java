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
     * The statements that record the usage as {@link #record} does, for an embedding application that sends them in its
     * own transaction together with statements of its own (one round trip fewer); sent in their order, they leave the
     * transaction's tenant as they found it.
     */
    List<Statement> recording(UUID tenant, Usage usage);
}
