package io.jifen.billing;

import java.util.UUID;

/** The embedding application reports usage here, as it happens (late usage is billed on the next invoice). */
public interface Metering {

    /** Records the usage unless the tenant has usage with its key already; answers whether it was new. */
    boolean record(UUID tenant, Usage usage);
}
