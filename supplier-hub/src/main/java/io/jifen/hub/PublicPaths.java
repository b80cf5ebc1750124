package io.jifen.hub;

import java.util.List;

/**
 * Request paths the embedding application must serve without a token, for callers who prove themselves otherwise
 * (suppliers sign their notifications). {@code method} is the HTTP method, {@code patterns} are Ant-style paths.
 */
public record PublicPaths(String method, List<String> patterns) {

    public PublicPaths {
        patterns = List.copyOf(patterns);
    }
}
