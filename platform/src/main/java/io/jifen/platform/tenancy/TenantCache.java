package io.jifen.platform.tenancy;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A replica's memory of what tenants configured and what every member request reads (a mall's deduction rules, the
 * zones an item is in): entries of the current tenant, kept for {@link #FRESH_FOR}. A change made on this replica is
 * seen at once, because its writer calls {@link #forgetAfterCompletion} and the tenant's entries go when its
 * transaction ends (however it ends); another replica's change is seen within {@code FRESH_FOR}. Loaders must read
 * committed rows only: never load from a transaction that has just changed them.
 */
public final class TenantCache<K, V> {

    public static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private record Key<K>(UUID tenant, K key) {
    }

    private final Cache<Key<K>, V> entries;
    /** Each tenant's count of forgettings: a value loaded across one is not kept (it may be from before the change). */
    private final ConcurrentHashMap<UUID, AtomicLong> generations = new ConcurrentHashMap<>();

    public TenantCache(long maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(FRESH_FOR).build();
    }

    /** The current tenant's value for {@code key}, loaded on a miss. */
    public V get(K key, Supplier<V> loader) {
        Key<K> at = new Key<>(TenantContext.require(), key);
        V cached = entries.getIfPresent(at);
        if (cached != null) {
            return cached;
        }
        long generation = generation(at.tenant());
        V loaded = loader.get();
        if (generation(at.tenant()) == generation) {
            entries.put(at, loaded);
        }
        return loaded;
    }

    /**
     * The current tenant's values for {@code keys}; those missing are loaded together by {@code loader}, which answers a
     * value for every key it is given.
     */
    public Map<K, V> getAll(Collection<K> keys, Function<List<K>, Map<K, V>> loader) {
        UUID tenant = TenantContext.require();
        Map<K, V> found = new HashMap<>();
        List<K> missing = keys.stream().filter(key -> {
            V cached = entries.getIfPresent(new Key<>(tenant, key));
            if (cached != null) {
                found.put(key, cached);
            }
            return cached == null;
        }).distinct().toList();
        if (!missing.isEmpty()) {
            long generation = generation(tenant);
            Map<K, V> loaded = loader.apply(missing);
            boolean keep = generation(tenant) == generation;
            for (K key : missing) {
                V value = Objects.requireNonNull(loaded.get(key), "the loader answered no value for a key");
                if (keep) {
                    entries.put(new Key<>(tenant, key), value);
                }
                found.put(key, value);
            }
        }
        return found;
    }

    /** Forgets the current tenant's entries when the current transaction ends (at once outside a transaction). */
    public void forgetAfterCompletion() {
        UUID tenant = TenantContext.require();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            forget(tenant);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                forget(tenant);
            }
        });
    }

    private void forget(UUID tenant) {
        generations.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
        entries.asMap().keySet().removeIf(key -> key.tenant().equals(tenant));
    }

    private long generation(UUID tenant) {
        AtomicLong generation = generations.get(tenant);
        return generation == null ? 0 : generation.get();
    }
}
