package io.jifen.platform.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body each endpoint reads: {@code standard} unless a path pattern (Ant style, first match)
 * allows more or less. A body is refused before it is read when its declared length is over the limit, and as soon as
 * the limit is passed when it comes in chunks.
 */
@ConfigurationProperties("jifen.web.body-limits")
public record BodyLimits(DataSize standard, List<PathLimit> paths) {

    /** A limit for the requests whose path matches {@code pattern}. */
    public record PathLimit(String pattern, DataSize limit) {
    }

    public BodyLimits {
        standard = standard == null ? DataSize.ofMegabytes(1) : standard;
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
