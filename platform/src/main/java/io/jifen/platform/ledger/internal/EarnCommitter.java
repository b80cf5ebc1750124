package io.jifen.platform.ledger.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.web.WorkLimit;

/**
 * Group commit for earns. Callers queue their earn and wait; a committer thread takes everything queued the moment
 * it is free and posts it in one database transaction ({@link EarnBatch}), then answers every caller after the
 * commit. There is no timer: a lone earn on an idle system is committed at once, and under load no caller waits longer
 * than the batch ahead of it. Two committers (jifen.ledger.earn-committers) run so that one batch is gathered while
 * the other commits.
 *
 * <p>Postings of several tenants share a transaction: each tenant's part runs after {@code set_config('app.tenant_id')}
 * switches row-level security to it, so isolation is the same as for single postings. A request that fails its checks
 * (unknown member or point type, inactive member, a reused idempotency key) fails alone; if the batch itself fails
 * (a constraint, a lost race with another instance on the same idempotency key), it is rolled back whole and every
 * caller in it is told to post its earn on its own, so nothing is lost and nothing applied twice.
 */
@Component
public class EarnCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EarnCommitter.class);
    static final int MAX_BATCH = 500;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** A caller's earn and the answer it waits for: its outcome, or empty if its batch was rolled back. */
    private record Queued(EarnRequest request, CompletableFuture<Optional<EarnOutcome>> answer) {
    }

    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>(10_000);
    private final EarnBatch earns;
    private final TransactionTemplate transactions;
    private final int committerCount;
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean running;

    EarnCommitter(EarnBatch earns, PlatformTransactionManager transactionManager, LedgerProperties properties) {
        this.earns = earns;
        this.transactions = new TransactionTemplate(transactionManager);
        this.committerCount = properties.earnCommitters();
    }

    /**
     * Queues the earn and waits for the batch it is committed in. Empty when it was not committed in a batch (the
     * committers are stopped, the queue is full, or its batch failed and was rolled back): the caller posts it on its own.
     */
    public Optional<EarnOutcome> earn(EarnRequest request) {
        var queued = new Queued(request, new CompletableFuture<>());
        if (!running || !queue.offer(queued)) {
            return Optional.empty();
        }
        // The request waits for the batch: its work permit lets another request work meanwhile (and join the batch).
        WorkLimit.stepOut();
        try {
            return queued.answer().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the earn was being committed", e);
        } catch (TimeoutException e) {
            // The earn may still commit: the caller retries with the same idempotency key and gets its receipt.
            throw new DomainException(ProblemKind.UNAVAILABLE, "ledger-busy", "Ledger busy",
                    "The earn was not confirmed within " + ANSWER_TIMEOUT.toSeconds() + " s; retry with the same Idempotency-Key");
        }
    }

    /**
     * Posts one batch in a transaction of its own and answers an outcome per request, in their order; if the batch
     * fails, nothing of it stays and the failure is thrown.
     */
    public List<EarnOutcome> commit(List<EarnRequest> batch) {
        return transactions.execute(status -> earns.post(batch));
    }

    private void commitLoop() {
        List<Queued> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commitAndAnswer(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("earn committer failed on a batch of {}", batch.size(), e);
                batch.forEach(queued -> queued.answer().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Answers each caller only after the commit; after a rollback, each caller posts its earn on its own. */
    private void commitAndAnswer(List<Queued> batch) {
        List<EarnOutcome> outcomes;
        try {
            outcomes = commit(batch.stream().map(Queued::request).toList());
        } catch (RuntimeException batchFailed) {
            log.warn("a batch of {} earns failed and was rolled back; each is posted on its own: {}", batch.size(), batchFailed.toString());
            batch.forEach(queued -> queued.answer().complete(Optional.empty()));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(Optional.of(outcomes.get(i)));
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < committerCount; i++) {
            committers.add(Thread.ofPlatform().name("earn-committer-" + i).daemon().start(this::commitLoop));
        }
    }

    /** Stops taking new earns (they are posted on their own) and lets the committers finish what is queued. */
    @Override
    public void stop() {
        running = false;
        for (Thread committer : committers) {
            try {
                committer.join(ANSWER_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        committers.clear();
    }

    /** Stops after the web server has drained its requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
