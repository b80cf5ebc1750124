package io.jifen.platform.web;

import java.net.URI;

/** The stable {@code type} URIs of Jifen's problem+json answers. */
public final class ProblemType {

    private static final String BASE = "https://jifen.io/problems/";

    public static final URI VALIDATION = URI.create(BASE + "validation");
    public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI UNAUTHENTICATED = URI.create(BASE + "unauthenticated");
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    public static final URI UPSTREAM_UNAVAILABLE = URI.create(BASE + "upstream-unavailable");
    public static final URI INTERNAL = URI.create(BASE + "internal");

    private ProblemType() {
    }

    public static URI of(String slug) {
        return URI.create(BASE + slug);
    }
}
