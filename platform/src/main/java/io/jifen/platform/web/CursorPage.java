package io.jifen.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;

/**
 * One page of a listing read by keyset: the items and, when there may be more, the cursor to ask for the next page
 * with ({@code ?after=...}). Unlike page numbers, a cursor costs the same however deep the reader goes, and a row
 * written meanwhile neither repeats nor skips an item.
 */
public record CursorPage<T>(List<T> items, @Nullable String next) {

    /** The largest page a listing hands out. */
    public static final int MAX_SIZE = 500;

    /**
     * The page from {@code rows}, read with one row more than {@code size}: that extra row only tells that there is a
     * next page, whose cursor is the last item's key.
     */
    public static <T> CursorPage<T> of(List<T> rows, int size, Function<T, String> key) {
        if (rows.size() <= size) {
            return new CursorPage<>(List.copyOf(rows), null);
        }
        List<T> page = List.copyOf(rows.subList(0, size));
        return new CursorPage<>(page, encode(key.apply(page.getLast())));
    }

    /** The key a cursor carries, or null for the first page; a cursor that is not one of ours is a 400 on {@code after}. */
    public static @Nullable String key(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalidField("after", "is not a cursor this listing handed out");
        }
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }
}
