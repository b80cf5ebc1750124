package io.jifen.platform.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;

/**
 * Runs calls against each other: each on a thread of its own, all released at once by a start latch, and waits
 * (polling, with a generous bound) until every one has answered. A deadlock PostgreSQL resolves shows up as a
 * failed call; one it does not resolve, as the wait's time-out.
 */
public final class Race {

    private Race() {
    }

    public static <T> List<T> run(List<Callable<T>> calls) {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    start.await();
                    return call.call();
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ready.getCount() == 0);
            start.countDown();
            await().atMost(Duration.ofMinutes(2)).until(() -> futures.stream().allMatch(Future::isDone));
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a racing call failed", e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    /** {@code n} copies of one call, against each other. */
    public static <T> List<T> run(int n, Callable<T> call) {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(call);
        }
        return run(calls);
    }
}
