package io.jifen.platform.identity;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * Requests a module serves without a bearer token, because their callers prove themselves another way (a signature the
 * module verifies). Declare a bean of it; the security configuration permits every one it finds.
 */
public record PublicEndpoints(List<Endpoint> endpoints) {

    /** A method and an Ant-style path pattern. */
    public record Endpoint(HttpMethod method, String pattern) {
    }

    public PublicEndpoints {
        endpoints = List.copyOf(endpoints);
    }
}
