package io.jifen.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works on at most a few of the members' requests at once (the mall's pages, the member API, the points API; by default
 * four per processor) and lets the others wait for a permit in the order they came. On two cores, thirty requests
 * worked on together are slower than the same requests worked on eight at a time: they share the processors with the
 * PostgreSQL backends they wake, so each request's hops wait on the scheduler, row locks are held across those waits,
 * and which request finishes next is left to chance, which is where the long tail of the latency came from
 * (docs/performance.md, issue 15, fifth look). A request that waits longer than the queue timeout is answered 503 with
 * {@code Retry-After}, having changed nothing.
 *
 * <p>A permit is for work in this process. A request that is about to wait on something else (a batch commit of the
 * ledger, Stripe) gives its permit up with {@link #stepOut()} and finishes without one; requests that mostly wait on
 * another service (the sign-in through Keycloak) are left out by {@code except}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class WorkLimit extends OncePerRequestFilter {

    static final URI OVERLOADED = ProblemType.of("overloaded");
    /** The permit the current request holds, if any. */
    private static final ThreadLocal<@Nullable Semaphore> HELD = new ThreadLocal<>();

    private final @Nullable Semaphore permits;
    private final long timeoutNanos;
    private final List<PathPattern> paths;
    private final List<PathPattern> except;
    private final JsonMapper json;

    WorkLimit(WorkLimitProperties properties, JsonMapper json) {
        int count = properties.effectivePermits(Runtime.getRuntime().availableProcessors());
        this.permits = count == 0 ? null : new Semaphore(count, true);
        this.timeoutNanos = properties.queueTimeout().toNanos();
        this.paths = properties.paths().stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.except = properties.except().stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.json = json;
    }

    /**
     * Gives up the current request's permit, if it holds one, for another request to work: call it before waiting on
     * something outside this process. The request finishes without a permit.
     */
    public static void stepOut() {
        Semaphore held = HELD.get();
        if (held != null) {
            HELD.remove();
            held.release();
        }
    }

    /** The permits free now (for tests); -1 when the limit is off. */
    int available() {
        return permits == null ? -1 : permits.availablePermits();
    }

    /** The requests waiting for a permit now (for tests). */
    int queued() {
        return permits == null ? 0 : permits.getQueueLength();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (permits == null) {
            return true;
        }
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        return paths.stream().noneMatch(pattern -> pattern.matches(path)) || except.stream().anyMatch(pattern -> pattern.matches(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Semaphore semaphore = permits;
        boolean admitted;
        try {
            admitted = semaphore.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            ProblemResponses.write(json, response, HttpStatus.SERVICE_UNAVAILABLE, OVERLOADED,
                    "Too many requests are being worked on; nothing was done, retry in a second");
            return;
        }
        HELD.set(semaphore);
        try {
            chain.doFilter(request, response);
        } finally {
            stepOut();
        }
    }
}
