package io.jifen.hub;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's own items (not the hub's SKUs), searched beside its selection of hub SKUs in the same index, so that one
 * {@link MallSearch} answers its whole mall. The application puts an item's document whenever the item changes; the
 * hub keeps it (in PostgreSQL, under the tenant) and indexes it at once, or when Elasticsearch is back, and a re-index
 * rebuilds it from what it kept. The hub knows nothing of the item but this document. The caller passes the tenant.
 */
public interface TenantItems {

    int MAX_REF_LENGTH = 200;

    /**
     * An item as search needs it. {@code ref}: the application's reference to it, unique in the tenant; {@code kind}:
     * what it is (filtered and faceted beside the SKUs' delivery kinds); {@code pointsPrice}: what the points filters and
     * sorts use; {@code onSale}, the visibility window and {@code inStock} decide whether and how the mall lists it;
     * {@code updatedAt}: when it last changed (a document older than the one kept is ignored, so puts may race);
     * {@code attributes}: kept and answered with each hit, never searched.
     */
    record Item(String ref, String title, @Nullable String image, String kind, long pointsPrice, boolean onSale, boolean inStock,
                boolean lowStock, @Nullable Instant visibleFrom, @Nullable Instant visibleTo, Instant updatedAt, Map<String, String> attributes) {

        public Item {
            if (ref == null || ref.isBlank() || ref.length() > MAX_REF_LENGTH) {
                throw new IllegalArgumentException("an item's ref is 1 to " + MAX_REF_LENGTH + " characters");
            }
            if (title == null || title.isBlank() || kind == null || kind.isBlank() || updatedAt == null) {
                throw new IllegalArgumentException("an item needs a title, a kind and when it changed");
            }
            if (pointsPrice < 0) {
                throw new IllegalArgumentException("pointsPrice must not be negative");
            }
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }
    }

    /** Keeps the tenant's item (replacing an older document of it) and indexes it right after, or when the index is back. */
    void put(UUID tenant, Item item);

    /** Takes the tenant's item out of search; false if the hub held none under that ref. */
    boolean remove(UUID tenant, String ref);
}
