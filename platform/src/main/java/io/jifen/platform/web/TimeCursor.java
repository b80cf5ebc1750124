package io.jifen.platform.web;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.platform.problem.DomainException;

/**
 * Where a page of a listing ordered by a time and an id ended (newest first or oldest first): the key a
 * {@link CursorPage} carries for listings read by keyset on {@code (time, id)}.
 */
public record TimeCursor(Instant at, UUID id) {

    public String key() {
        return at + "_" + id;
    }

    /** The position a page's {@code after} parameter names, or null for the first page; anything else is a 400 on {@code after}. */
    public static @Nullable TimeCursor after(@Nullable String cursor) {
        String key = CursorPage.key(cursor);
        if (key == null) {
            return null;
        }
        int split = key.indexOf('_');
        try {
            return new TimeCursor(Instant.parse(key.substring(0, split)), UUID.fromString(key.substring(split + 1)));
        } catch (RuntimeException e) {
            throw DomainException.invalidField("after", "is not a cursor this listing handed out");
        }
    }
}
