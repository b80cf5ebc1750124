package io.jifen.platform.tenancy;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * The tenant the current thread works for. Set from the authenticated principal (never from a header),
 * or explicitly by onboarding and batch code through {@link #callAs}.
 */
public final class TenantContext {

    /** Stands in when no tenant is set: it matches no tenant-owned row, so nothing leaks. */
    public static final UUID NO_TENANT = new UUID(0, 0);
    private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    public static Optional<UUID> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static UUID require() {
        return current().orElseThrow(() -> new IllegalStateException("no tenant is set for this thread"));
    }

    public static <T> T callAs(UUID tenant, Supplier<T> work) {
        UUID previous = CURRENT.get();
        set(tenant);
        try {
            return work.get();
        } finally {
            set(previous);
        }
    }

    public static void runAs(UUID tenant, Runnable work) {
        callAs(tenant, () -> {
            work.run();
            return null;
        });
    }

    static void set(UUID tenant) {
        if (tenant == null) {
            CURRENT.remove();
            MDC.remove("tenant");
        } else {
            CURRENT.set(tenant);
            MDC.put("tenant", tenant.toString());
        }
    }

    /** Binds the tenant of an authenticated request; {@link #clear()} must follow in a finally block. */
    public static void bind(UUID tenant) {
        set(tenant);
    }

    public static void clear() {
        set(null);
    }
}
