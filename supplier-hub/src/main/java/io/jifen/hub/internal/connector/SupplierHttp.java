package io.jifen.hub.internal.connector;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;

/**
 * HTTP to a supplier as the connectors need it: calls paced evenly to the agreed rate across all threads, and
 * retried with exponential backoff (at least a second after a rate-limit answer, since suppliers count per second)
 * when they time out, answer 5xx/429, or answer something the reader calls retryable (garbled JSON, a rate-limit
 * code). After {@code maxAttempts} the last failure is thrown.
 */
final class SupplierHttp {

    private static final Logger log = LoggerFactory.getLogger(SupplierHttp.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String supplier;
    private final HttpClient http;
    private final Duration timeout;
    private final int callsPerSecond;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Object paceLock = new Object();
    private long nextCallNanos;

    SupplierHttp(String supplier, Duration timeout, int callsPerSecond, int maxAttempts, Duration firstBackoff) {
        this.supplier = supplier;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.callsPerSecond = callsPerSecond;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    Duration timeout() {
        return timeout;
    }

    /** Sends the request and reads the answer's body with {@code read}, which may throw {@link SupplierException}s. */
    <T> T exchange(String what, HttpRequest request, Function<String, T> read) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            SupplierException failure;
            pace();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() >= 500 || response.statusCode() == 429) {
                    failure = new SupplierException(supplier, SupplierException.Kind.UNAVAILABLE, what + " answered HTTP " + response.statusCode(),
                            cut(response.body()), null);
                } else {
                    try {
                        return read.apply(response.body());
                    } catch (JacksonException e) {
                        failure = new SupplierException(supplier, SupplierException.Kind.MALFORMED, what + " answered malformed JSON",
                                cut(response.body()), e);
                    } catch (SupplierException e) {
                        if (!e.retryable()) {
                            throw e;
                        }
                        failure = e;
                    }
                }
            } catch (IOException e) {
                failure = new SupplierException(supplier, SupplierException.Kind.UNAVAILABLE, what + " failed: " + e, null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SupplierException(supplier, SupplierException.Kind.UNAVAILABLE, "interrupted", null, e);
            }
            if (attempt >= maxAttempts) {
                throw failure;
            }
            Duration wait = failure.kind() == SupplierException.Kind.RATE_LIMITED && backoff.compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1) : backoff;
            log.info("{}: {} (attempt {} of {}), retrying in {} ms", supplier, failure.getMessage(), attempt, maxAttempts, wait.toMillis());
            sleep(wait);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Spaces calls evenly at the agreed rate across all threads. */
    private void pace() {
        if (callsPerSecond <= 0) {
            return;
        }
        long interval = 1_000_000_000L / callsPerSecond;
        long wait;
        synchronized (paceLock) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextCallNanos);
            nextCallNanos = slot + interval;
            wait = slot - now;
        }
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupplierException(supplier, SupplierException.Kind.UNAVAILABLE, "interrupted", null, e);
        }
    }

    /** A supplier's payload cut to 2,000 characters, for logs and exceptions. */
    static String cut(String payload) {
        return payload == null || payload.length() <= 2000 ? payload : payload.substring(0, 2000) + "…";
    }

    /** A price in yuan (a JSON number or string, at most 2 decimals) in fen; an {@link IllegalArgumentException} if there is none. */
    static long fen(tools.jackson.databind.JsonNode yuan) {
        if (!yuan.isNumber() && !yuan.isString()) {
            throw new IllegalArgumentException("no price");
        }
        return new java.math.BigDecimal(yuan.asString()).movePointRight(2).longValueExact();
    }
}
