package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.ledger.LedgerAccounts.Kind;
import io.jifen.platform.ledger.internal.CreditRule;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * Group commit for earns. Callers queue their earn and wait; a committer thread takes everything queued the moment
 * it is free and posts it in one database transaction with set-based statements ({@link PostingRows}), then answers
 * every caller after the commit. There is no timer: a lone earn on an idle system is committed at once, and under
 * load no caller waits longer than the batch ahead of it. Two committers (jifen.ledger.earn-committers) run so that
 * one batch is gathered while the other commits.
 *
 * <p>Postings of several tenants share a transaction: each tenant's part runs after {@code set_config('app.tenant_id')}
 * switches row-level security to it, so isolation is the same as for single postings. Wallets are locked in
 * (tenant, account) order, so concurrent batches cannot deadlock each other. A request that fails its checks
 * (unknown member or point type, inactive member, a reused idempotency key) fails alone; if the batch itself fails
 * (a constraint, a lost race with another instance on the same idempotency key), it is rolled back whole and every
 * request in it is posted on its own by {@link Ledger}, so nothing is lost and nothing applied twice.
 */
@Component
class EarnCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EarnCommitter.class);
    static final int MAX_BATCH = 500;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** One caller's earn, waiting for its batch. */
    record Request(UUID tenant, String key, String hash, Ledger.Earn earn, CompletableFuture<Receipt> result) {
    }

    private record PointTypeRules(UUID id, String code, CreditRule credits) {
    }

    private static final class Wallet {
        final UUID id;
        long balance;
        long owed;

        Wallet(UUID id, long balance, long owed) {
            this.id = id;
            this.balance = balance;
            this.owed = owed;
        }
    }

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>(10_000);
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final LedgerAccounts accounts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int committerCount;
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean running;
    /** Set by Ledger: posts one request on its own when its batch failed or the committers are stopped. */
    private volatile java.util.function.Function<Request, Receipt> alone;

    EarnCommitter(JdbcClient jdbc, JdbcTemplate jdbcTemplate, LedgerAccounts accounts, PlatformTransactionManager transactionManager, Clock clock,
                  @Value("${jifen.ledger.earn-committers:2}") int committerCount) {
        this.committerCount = committerCount;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.accounts = accounts;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    void postAloneWith(java.util.function.Function<Request, Receipt> alone) {
        this.alone = alone;
    }

    /** Queues the earn and waits for its batch; posts it on its own if the committers are stopped or the queue is full. */
    Receipt earn(UUID tenant, String key, String hash, Ledger.Earn earn) {
        var request = new Request(tenant, key, hash, earn, new CompletableFuture<>());
        if (!running || !queue.offer(request)) {
            return alone.apply(request);
        }
        try {
            return request.result().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the earn was being committed", e);
        } catch (TimeoutException e) {
            // The earn may still commit: the caller retries with the same idempotency key and gets its receipt.
            throw new DomainException(ProblemKind.UNAVAILABLE, "ledger-busy", "Ledger busy",
                    "The earn was not confirmed within " + ANSWER_TIMEOUT.toSeconds() + " s; retry with the same Idempotency-Key",
                    List.of());
        }
    }

    private void commitLoop() {
        List<Request> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("earn committer failed on a batch of {}", batch.size(), e);
                batch.forEach(request -> request.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Posts the batch in one transaction; answers each request only after the commit. */
    void commit(List<Request> batch) {
        Map<Request, Object> outcomes = new IdentityHashMap<>();
        try {
            transactions.executeWithoutResult(status -> {
                outcomes.clear();
                Map<UUID, List<Request>> byTenant = new TreeMap<>();
                for (Request request : batch) {
                    byTenant.computeIfAbsent(request.tenant(), t -> new ArrayList<>()).add(request);
                }
                post(byTenant, outcomes);
            });
        } catch (RuntimeException batchFailed) {
            log.warn("a batch of {} earns failed and is posted one by one: {}", batch.size(), batchFailed.toString());
            for (Request request : batch) {
                try {
                    request.result().complete(alone.apply(request));
                } catch (RuntimeException e) {
                    request.result().completeExceptionally(e);
                }
            }
            return;
        }
        outcomes.forEach((request, outcome) -> {
            if (outcome instanceof Receipt receipt) {
                request.result().complete(receipt);
            } else {
                request.result().completeExceptionally((RuntimeException) outcome);
            }
        });
    }

    /**
     * Posts one tenant's earns in the caller's transaction, set-based, and answers each with its receipt or the
     * problem that refused it (used for a whole batch of earning events).
     */
    Map<Request, Object> postInTransaction(UUID tenant, List<Request> requests) {
        Map<Request, Object> outcomes = new IdentityHashMap<>();
        post(Map.of(tenant, requests), outcomes);
        return outcomes;
    }

    /**
     * Posts the earns of every tenant in {@code byTenant} (iterated in tenant order) in three round trips whatever
     * their number: one pipeline reads what every tenant's part needs and locks its wallets, a second writes every
     * part, each after switching row-level security to its tenant; the commit is the third. Accounts opened on first
     * use and receipts of replays cost statements of their own.
     */
    private void post(Map<UUID, List<Request>> byTenant, Map<Request, Object> outcomes) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<TenantPart> parts = byTenant.entrySet().stream().map(e -> new TenantPart(e.getKey(), e.getValue())).toList();
        SqlPipeline pipeline = new SqlPipeline();
        // Every statement here looks rows up by key or writes them: generic plans are right, and planning the write
        // statement anew for each batch cost as much as running it. The setting is restored before the transaction goes on.
        String[] planCacheMode = new String[1];
        pipeline.add("select current_setting('plan_cache_mode'), set_config('plan_cache_mode', 'force_generic_plan', true)",
                List.of(), rs -> planCacheMode[0] = rs.getString(1));
        parts.forEach(part -> part.read(pipeline));
        pipeline.run(jdbcTemplate);
        for (TenantPart part : parts) {
            part.settle(outcomes);
        }
        for (TenantPart part : parts) {
            if (!part.valid.isEmpty()) {
                pipeline.useTenant(part.tenant);
                part.rows(now, outcomes).addTo(pipeline);
            }
        }
        pipeline.add("select set_config('plan_cache_mode', ?, true)", List.of(planCacheMode[0]));
        pipeline.run(jdbcTemplate);
        parts.forEach(part -> part.answerTwins(outcomes));
    }

    /** One tenant's earns in a batch: what the posting needs to know, read together, then its rows. */
    private final class TenantPart {
        final UUID tenant;
        /** The first request of each idempotency key, and the requests that repeat a key in this batch. */
        final Map<String, Request> firstByKey = new LinkedHashMap<>();
        final List<Request> twins = new ArrayList<>();
        final Map<String, Posted> posted = new HashMap<>();
        final Map<String, PointTypeRules> types = new HashMap<>();
        final Map<UUID, String> memberStatus = new HashMap<>();
        final Map<UUID, UUID> issuance = new HashMap<>();
        final Map<LedgerAccounts.WalletKey, LedgerAccounts.Wallet> wallets = new HashMap<>();
        final List<Request> valid = new ArrayList<>();
        ZoneId zone = ZoneOffset.UTC;

        TenantPart(UUID tenant, List<Request> requests) {
            this.tenant = tenant;
            for (Request request : requests) {
                if (firstByKey.putIfAbsent(request.key(), request) != null) {
                    twins.add(request);
                }
            }
        }

        /**
         * Adds the reads of this part: earlier postings under the same keys, point types (with the tenant's zone and
         * their issuance accounts), members and the wallets, locked in account order (so that batches cannot deadlock each other).
         */
        void read(SqlPipeline pipeline) {
            String[] keys = firstByKey.keySet().toArray(String[]::new);
            String[] codes = firstByKey.values().stream().map(r -> r.earn().pointType()).toArray(String[]::new);
            UUID[] members = firstByKey.values().stream().map(r -> r.earn().memberId()).toArray(UUID[]::new);
            pipeline.useTenant(tenant);
            pipeline.add("""
                            select idempotency_key, request_hash, id from platform.ledger_transaction
                            where tenant_id = platform.current_tenant() and idempotency_key = any(?::text[])""",
                    List.of((Object) keys), rs -> posted.put(rs.getString(1), new Posted(rs.getObject(3, UUID.class), rs.getString(2))));
            // The point types with the tenant's zone and each type's issuance account (if it has been opened yet).
            pipeline.add("""
                            select p.id, p.code, p.expiry_policy, p.expiry_months, p.expiry_years, p.pending_days, t.time_zone, a.id
                            from platform.point_type p
                            join platform.tenant t on t.id = p.tenant_id
                            left join platform.ledger_account a on a.tenant_id = p.tenant_id and a.point_type_id = p.id
                                                               and a.kind = 'ISSUANCE' and a.member_id is null
                            where p.tenant_id = platform.current_tenant() and p.code = any(?::text[])""",
                    List.of((Object) codes), rs -> {
                        UUID type = rs.getObject(1, UUID.class);
                        types.put(rs.getString(2), new PointTypeRules(type, rs.getString(2),
                                new CreditRule(ExpiryPolicy.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5), rs.getInt(6))));
                        zone = ZoneId.of(rs.getString(7));
                        UUID account = rs.getObject(8, UUID.class);
                        if (account != null) {
                            issuance.put(type, account);
                        }
                    });
            pipeline.add("select id, status from platform.member where tenant_id = platform.current_tenant() and id = any(?::uuid[])",
                    List.of((Object) members), rs -> memberStatus.put(rs.getObject(1, UUID.class), rs.getString(2)));
            pipeline.add("""
                            select a.id, a.point_type_id, a.member_id, a.balance, a.owed from platform.ledger_account a
                            join platform.point_type p on p.tenant_id = a.tenant_id and p.id = a.point_type_id
                            join unnest(?::text[], ?::uuid[]) as k(code, member_id) on p.code = k.code and a.member_id = k.member_id
                            where a.tenant_id = platform.current_tenant() and a.kind = 'WALLET'
                            order by a.id for update of a""",
                    List.of(codes, members), rs -> {
                        var wallet = new LedgerAccounts.Wallet(rs.getObject(1, UUID.class), rs.getLong(4), rs.getLong(5));
                        wallets.put(new LedgerAccounts.WalletKey(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)), wallet);
                    });
        }

        /**
         * Answers replays and refused requests, and opens the accounts this part's earns need that do not exist yet
         * (a member's first earn of a point type), with statements of its own.
         */
        void settle(Map<Request, Object> outcomes) {
            boolean tenantSet = false;
            for (Request request : firstByKey.values()) {
                Posted earlier = posted.get(request.key());
                if (earlier != null) {
                    if (!tenantSet) {
                        setTenant();
                        tenantSet = true;
                    }
                    outcomes.put(request, earlier.hash().equals(request.hash())
                            ? Ledger.receipt(jdbc, earlier.id()) : Ledger.keyReused(request.key()));
                    continue;
                }
                RuntimeException invalid = check(request.earn(), types, memberStatus);
                if (invalid == null) {
                    valid.add(request);
                } else {
                    outcomes.put(request, invalid);
                }
            }
            List<UUID> typeIds = valid.stream().map(r -> types.get(r.earn().pointType()).id()).distinct().toList();
            List<LedgerAccounts.WalletKey> missing = valid.stream().map(this::walletKey).filter(k -> !wallets.containsKey(k))
                    .distinct().toList();
            if (!missing.isEmpty() || !issuance.keySet().containsAll(typeIds)) {
                if (!tenantSet) {
                    setTenant();
                }
                wallets.putAll(accounts.lockWallets(missing));
                issuance.putAll(accounts.systemAccounts(typeIds, Kind.ISSUANCE));
            }
        }

        private void setTenant() {
            jdbc.sql("select set_config('app.tenant_id', ?, true)").param(tenant.toString()).query(String.class).single();
        }

        private LedgerAccounts.WalletKey walletKey(Request request) {
            return new LedgerAccounts.WalletKey(types.get(request.earn().pointType()).id(), request.earn().memberId());
        }

        /** The rows of this part's valid earns; answers each with its receipt (sent only after the commit). */
        PostingRows rows(Instant now, Map<Request, Object> outcomes) {
            Map<UUID, Wallet> byId = new HashMap<>();
            wallets.values().forEach(w -> byId.put(w.id(), new Wallet(w.id(), w.balance(), w.owed())));
            PostingRows rows = new PostingRows();
            for (Request request : valid) {
                Ledger.Earn earn = request.earn();
                PointTypeRules type = types.get(earn.pointType());
                Wallet wallet = byId.get(wallets.get(walletKey(request)).id());
                UUID tx = LedgerIds.next();
                wallet.balance += earn.points();
                rows.transaction(tx, type.id(), earn.memberId(), "EARN", earn.points(), request.key(), request.hash(), earn.source(),
                        earn.reason(), earn.actor(), wallet.balance, now);
                rows.entries(tx, issuance.get(type.id()), wallet.id, earn.points());
                CreditRule.Credit credit = type.credits().earn(wallet.owed, earn.points(), earn.expiresAt(), earn.pendingDays(), now,
                        () -> zone);
                wallet.owed = credit.owedAfter();
                for (CreditRule.NewLot newLot : credit.lots()) {
                    UUID lot = LedgerIds.next();
                    rows.lot(lot, wallet.id, tx, newLot.points(), now, newLot.expiresAt(), newLot.availableAt());
                    rows.movement(tx, lot, newLot.points());
                }
                rows.wallet(wallet.id, wallet.balance, wallet.owed);
                outcomes.put(request, new Receipt(tx, "EARN", earn.memberId(), type.code(), earn.points(), wallet.balance, earn.source(),
                        earn.reason(), null, null, now));
            }
            return rows;
        }

        /** Answers the requests that repeated a key of this batch as their first was answered. */
        void answerTwins(Map<Request, Object> outcomes) {
            for (Request twin : twins) {
                Request first = firstByKey.get(twin.key());
                outcomes.put(twin, first.hash().equals(twin.hash()) ? outcomes.get(first) : Ledger.keyReused(twin.key()));
            }
        }
    }

    private record Posted(UUID id, String hash) {
    }

    private static @Nullable RuntimeException check(Ledger.Earn earn, Map<String, PointTypeRules> types, Map<UUID, String> memberStatus) {
        if (!types.containsKey(earn.pointType())) {
            return PointTypeCatalog.unknown(earn.pointType());
        }
        String status = memberStatus.get(earn.memberId());
        if (status == null) {
            return DomainException.notFound("Member " + earn.memberId());
        }
        return "ACTIVE".equals(status) ? null : Ledger.memberNotActive(status);
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
