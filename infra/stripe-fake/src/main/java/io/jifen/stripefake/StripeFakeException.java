package io.jifen.stripefake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal answered as Stripe answers one: an HTTP status and {@code {"error": {"type", "code", "message", "param"}}}.
 * Types are Stripe's: {@code invalid_request_error}, {@code idempotency_error}, {@code card_error}, {@code api_error}.
 */
public final class StripeFakeException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public StripeFakeException(int status, String type, String code, String message, String param) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** A 400 {@code invalid_request_error} (a missing or bad parameter). */
    public static StripeFakeException invalid(String message, String param) {
        return new StripeFakeException(400, "invalid_request_error", param == null ? null : "parameter_invalid", message, param);
    }

    public static StripeFakeException missing(String param) {
        return new StripeFakeException(400, "invalid_request_error", "parameter_missing", "Missing required param: " + param + ".", param);
    }

    public static StripeFakeException notFound(String kind, String id, String param) {
        return new StripeFakeException(404, "invalid_request_error", "resource_missing", "No such " + kind + ": '" + id + "'", param);
    }

    public int status() {
        return status;
    }

    /** The error body Stripe sends. */
    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", getMessage());
        if (param != null) {
            error.put("param", param);
        }
        return Map.of("error", error);
    }
}
