package io.jifen.platform.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WorkLimitTest {

    private static WorkLimit limit(int permits, Duration timeout) {
        return new WorkLimit(new WorkLimitProperties(permits, timeout, List.of("/m/**", "/api/v1/me/**"), List.of("/m/*/sso/**")),
                JsonMapper.builder().build());
    }

    private static MockHttpServletResponse run(WorkLimit limit, String path, FilterChain chain) throws Exception {
        var response = new MockHttpServletResponse();
        limit.doFilter(new MockHttpServletRequest("GET", path), response, chain);
        return response;
    }

    @Test
    void requestsBeyondThePermitsWaitAndAreWorkedOnInTheOrderTheyCame() throws Exception {
        WorkLimit limit = limit(1, Duration.ofSeconds(10));
        var first = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.submit(() -> run(limit, "/api/v1/me/points/balance", (request, response) -> {
                first.countDown();
                await(release);
            }));
            assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                int n = i;
                threads.submit(() -> run(limit, "/m/brand/items/1", (request, response) -> order.add(n)));
                // Each waits before the next arrives.
                while (limit.queued() < n + 1) {
                    Thread.onSpinWait();
                }
            }
            assertThat(order).isEmpty();
            release.countDown();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(limit.available()).isEqualTo(1);
    }

    @Test
    void aRequestThatWaitsTooLongIsAnswered503WithoutBeingWorkedOn() throws Exception {
        WorkLimit limit = limit(1, Duration.ofMillis(50));
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var worked = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.submit(() -> run(limit, "/m/brand", (request, response) -> {
                holding.countDown();
                await(release);
            }));
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            MockHttpServletResponse refused = run(limit, "/m/brand/points", (request, response) -> worked.incrementAndGet());
            assertThat(refused.getStatus()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
            assertThat(refused.getContentType()).isEqualTo("application/problem+json");
            assertThat(refused.getContentAsString()).contains("\"type\":\"https://jifen.io/problems/overloaded\"");
            assertThat(worked).hasValue(0);
            release.countDown();
        }
        assertThat(limit.available()).isEqualTo(1);
    }

    @Test
    void otherPathsAndExceptionsAreNeverHeldBack() throws Exception {
        WorkLimit limit = limit(1, Duration.ofMillis(50));
        var seen = new AtomicInteger(-2);
        run(limit, "/api/v1/members", (request, response) -> seen.set(limit.available()));
        assertThat(seen).hasValue(1);
        run(limit, "/m/brand/sso/callback", (request, response) -> seen.set(limit.available()));
        assertThat(seen).hasValue(1);
        run(limit, "/api/v1/me/orders", (request, response) -> seen.set(limit.available()));
        assertThat(seen).hasValue(0);
    }

    @Test
    void aRequestThatStepsOutGivesItsPermitUpOnce() throws Exception {
        WorkLimit limit = limit(2, Duration.ofMillis(50));
        var during = new AtomicInteger();
        run(limit, "/api/v1/me/orders", (request, response) -> {
            assertThat(limit.available()).isEqualTo(1);
            WorkLimit.stepOut();
            WorkLimit.stepOut();
            during.set(limit.available());
        });
        assertThat(during).hasValue(2);
        assertThat(limit.available()).isEqualTo(2);
        // Outside a limited request stepping out does nothing.
        WorkLimit.stepOut();
        assertThat(limit.available()).isEqualTo(2);
    }

    @Test
    void permitsDefaultToFourPerProcessorAndANegativeNumberTurnsTheLimitOff() throws Exception {
        var properties = new WorkLimitProperties(0, Duration.ofSeconds(1), List.of("/m/**"), null);
        assertThat(properties.effectivePermits(2)).isEqualTo(8);
        assertThat(new WorkLimitProperties(3, Duration.ofSeconds(1), null, null).effectivePermits(2)).isEqualTo(3);
        WorkLimit off = limit(-1, Duration.ofSeconds(1));
        assertThat(off.available()).isEqualTo(-1);
        var worked = new AtomicInteger();
        run(off, "/m/brand", (request, response) -> worked.incrementAndGet());
        assertThat(worked).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
