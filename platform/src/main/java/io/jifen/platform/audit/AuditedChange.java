package io.jifen.platform.audit;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * One resource's change as its module saw it: its type (a short kebab-case name, e.g. {@code point-type}), its id, and
 * its representation before and after (null for a creation or a removal). The representations are what the API answers
 * for the resource (records serialized as JSON); fields named in {@code sealedFields} are sealed at rest and are never
 * recorded, nor is any field that names a secret ({@link Redaction}).
 */
public record AuditedChange(String resourceType, @Nullable String resourceId, @Nullable Object before, @Nullable Object after,
                            Set<String> sealedFields) {

    public AuditedChange {
        sealedFields = Set.copyOf(sealedFields);
    }

    public static AuditedChange of(String resourceType, @Nullable Object resourceId, @Nullable Object before, @Nullable Object after) {
        return new AuditedChange(resourceType, resourceId == null ? null : resourceId.toString(), before, after, Set.of());
    }

    /** The same change, with these fields (the module's sealed-field conventions) left out of both representations. */
    public AuditedChange sealing(String... fields) {
        return new AuditedChange(resourceType, resourceId, before, after,
                Stream.concat(sealedFields.stream(), Arrays.stream(fields)).collect(Collectors.toUnmodifiableSet()));
    }
}
