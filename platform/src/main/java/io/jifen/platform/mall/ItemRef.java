package io.jifen.platform.mall;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;

/**
 * What the mall sells, by reference: an item of the tenant's own ({@code item:<uuid>}) or a hub SKU of the tenant's
 * selection ({@code hub:<supplier>:<skuId>}). The text form is what the API takes and answers wherever either may be
 * meant (search results, zones, orders).
 */
public record ItemRef(@Nullable UUID itemId, @Nullable String supplier, @Nullable String skuId) {

    private static final int MAX_LENGTH = 200;

    public ItemRef {
        if ((itemId == null) == (supplier == null || skuId == null)) {
            throw new IllegalArgumentException("an item reference is either an own item or a hub SKU");
        }
    }

    public static ItemRef own(UUID itemId) {
        return new ItemRef(itemId, null, null);
    }

    public static ItemRef hub(String supplier, String skuId) {
        return new ItemRef(null, supplier, skuId);
    }

    /** Parses the text form; anything else is a 400 naming {@code field}. */
    public static ItemRef parse(@Nullable String text, String field) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw DomainException.invalidField(field, "an item reference (item:<uuid> or hub:<supplier>:<skuId>) is required");
        }
        if (text.startsWith("item:")) {
            try {
                UUID id = UUID.fromString(text.substring(5));
                if (id.toString().equals(text.substring(5))) {
                    return own(id);
                }
            } catch (IllegalArgumentException notUuid) {
                // answered below
            }
        } else if (text.startsWith("hub:")) {
            int colon = text.indexOf(':', 4);
            if (colon > 4 && colon < text.length() - 1 && text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return hub(text.substring(4, colon), text.substring(colon + 1));
            }
        }
        throw DomainException.invalidField(field, "not an item reference: item:<uuid> or hub:<supplier>:<skuId>");
    }

    public boolean isOwn() {
        return itemId != null;
    }

    @Override
    public String toString() {
        return isOwn() ? "item:" + itemId : "hub:" + supplier + ":" + skuId;
    }
}
