package io.jifen.platform.web;

import org.springframework.http.HttpStatus;

import io.jifen.platform.problem.ProblemKind;

/** The one place a domain refusal becomes an HTTP status: the API's problem+json and the mall's pages answer alike. */
public final class ProblemStatuses {

    private ProblemStatuses() {
    }

    public static HttpStatus of(ProblemKind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case REFUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case UPSTREAM_FAILED -> HttpStatus.BAD_GATEWAY;
        };
    }
}
