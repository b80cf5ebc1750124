package io.jifen.hub.internal.connector;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * HTTP to a supplier as the connectors need it: calls paced evenly to the agreed rate by a {@link CallPacer} (shared by
 * every instance of the hub in the application), and retried with exponential backoff and full jitter (a random wait
 * up to the doubled backoff, so that callers that failed together do not retry together; a second more after a
 * rate-limit answer, since suppliers count per second) when they time out, answer 5xx/429, or answer something the
 * reader calls retryable (garbled JSON, a rate-limit code). After {@code maxAttempts} the last failure is thrown. An
 * answer longer than {@link #MAX_ANSWER_BYTES} is refused unread (a month's statement is a few MB).
 */
final class SupplierHttp {

    private static final Logger log = LoggerFactory.getLogger(SupplierHttp.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** The longest answer read from a supplier. */
    static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;

    private final String supplier;
    private final HttpClient http;
    private final Duration timeout;
    private final int callsPerSecond;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final CallPacer pacer;

    SupplierHttp(String supplier, Duration timeout, int callsPerSecond, int maxAttempts, Duration firstBackoff, CallPacer pacer) {
        this.supplier = supplier;
        this.pacer = pacer;
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
        for (int attempt = 1; ; attempt++) {
            SupplierException failure;
            pace();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                String body = bounded(what, response.body());
                if (response.statusCode() >= 500 || response.statusCode() == 429) {
                    failure = new SupplierException(supplier, SupplierException.Kind.UNAVAILABLE, what + " answered HTTP " + response.statusCode(),
                            cut(body), null);
                } else {
                    try {
                        return read.apply(body);
                    } catch (JacksonException e) {
                        failure = new SupplierException(supplier, SupplierException.Kind.MALFORMED, what + " answered malformed JSON",
                                cut(body), e);
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
            Duration wait = backoff(attempt, firstBackoff, MAX_BACKOFF, ThreadLocalRandom.current());
            if (failure.kind() == SupplierException.Kind.RATE_LIMITED) {
                wait = wait.plusSeconds(1);
            }
            log.info("{}: {} (attempt {} of {}), retrying in {} ms", supplier, failure.getMessage(), attempt, maxAttempts, wait.toMillis());
            sleep(wait);
        }
    }

    /**
     * The wait after failed attempt {@code attempt} (from 1): "full jitter", uniformly random between nothing and the
     * exponential backoff {@code first * 2^(attempt-1)} capped at {@code cap}.
     */
    static Duration backoff(int attempt, Duration first, Duration cap, RandomGenerator random) {
        Duration ceiling = first.multipliedBy(1L << Math.min(30, Math.max(0, attempt - 1)));
        if (ceiling.compareTo(cap) > 0) {
            ceiling = cap;
        }
        return Duration.ofNanos(random.nextLong(ceiling.toNanos() + 1));
    }

    /** Waits for this call's slot at the agreed rate (none when unpaced). */
    private void pace() {
        if (callsPerSecond <= 0) {
            return;
        }
        Duration wait = pacer.reserve(supplier, callsPerSecond);
        if (wait.isPositive()) {
            sleep(wait);
        }
    }

    /**
     * The answer's body as UTF-8 text, read up to {@link #MAX_ANSWER_BYTES} (and the byte after, to tell); a longer one
     * is refused for good, since it would be as long again.
     */
    private String bounded(String what, InputStream answer) throws IOException {
        try (answer) {
            byte[] bytes = answer.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new SupplierException(supplier, SupplierException.Kind.REFUSED, what + " answered more than " + MAX_ANSWER_BYTES
                        + " bytes; not read", null, null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
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

    /** A supplier's payload cut to 2,000 characters, e-voucher codes redacted, for logs and exceptions. */
    static String cut(String payload) {
        return Redaction.codesRedacted(payload);
    }

    /** A price in yuan (a JSON number or string, at most 2 decimals) in fen; an {@link IllegalArgumentException} if there is none. */
    static long fen(tools.jackson.databind.JsonNode yuan) {
        if (!yuan.isNumber() && !yuan.isString()) {
            throw new IllegalArgumentException("no price");
        }
        return new java.math.BigDecimal(yuan.asString()).movePointRight(2).longValueExact();
    }
}
