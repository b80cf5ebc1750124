package io.jifen.platform.ledger.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.ExpiryPolicy;
import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.Receipt;
import io.jifen.platform.ledger.internal.EarnOutcome.Refused;
import io.jifen.platform.ledger.internal.EarnOutcome.Replayed;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.problem.DomainException;

/**
 * Posts many earns, of one tenant or of several, in the current transaction with set-based statements
 * ({@link PostingRows}), in three round trips whatever their number: one pipeline reads what every tenant's part needs
 * and locks its wallets, a second writes every part, each after switching row-level security to its tenant; the
 * commit is the third. Accounts opened on first use and receipts of replays cost statements of their own. Wallets are
 * locked in (tenant, account) order, so concurrent batches cannot deadlock each other. An earn that fails its checks
 * is refused alone; a failing statement fails the whole transaction.
 */
@Component
public class EarnBatch {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final LedgerAccounts accounts;
    private final Receipts receipts;
    private final Clock clock;
    private final ChainBacklog chain;

    EarnBatch(JdbcClient jdbc, JdbcTemplate jdbcTemplate, LedgerAccounts accounts, Receipts receipts, Clock clock, ChainBacklog chain) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.accounts = accounts;
        this.receipts = receipts;
        this.clock = clock;
        this.chain = chain;
    }

    /** Posts the earns in the current transaction and answers an outcome for each, in their order. */
    public List<EarnOutcome> post(List<EarnRequest> requests) {
        requests.stream().map(EarnRequest::tenant).distinct().forEach(chain::wrote);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        EarnOutcome[] outcomes = new EarnOutcome[requests.size()];
        Map<UUID, TenantPart> byTenant = new TreeMap<>();
        for (int i = 0; i < requests.size(); i++) {
            EarnRequest request = requests.get(i);
            byTenant.computeIfAbsent(request.tenant(), TenantPart::new).add(new Slot(i, request));
        }
        List<TenantPart> parts = List.copyOf(byTenant.values());
        SqlPipeline pipeline = new SqlPipeline();
        // Every statement here looks rows up by key or writes them: generic plans are right, and planning the write
        // statement anew for each batch cost as much as running it. The setting is restored before the transaction goes on.
        pipeline.beginGenericPlans();
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
        pipeline.endGenericPlans().run(jdbcTemplate);
        parts.forEach(part -> part.answerTwins(outcomes));
        return List.of(outcomes);
    }

    /** A request and its place in the batch, where its outcome goes. */
    private record Slot(int index, EarnRequest request) {

        Ledger.Earn earn() {
            return request.earn();
        }
    }

    /** A point type as earns need it: its posting rule for credits. */
    private record PointTypeRules(UUID id, String code, CreditRule credits) {
    }

    /** A transaction posted before under a key of this batch. */
    private record Earlier(UUID id, String hash) {
    }

    /** A wallet's balance and debt as the batch's earns change them. */
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

    /** One tenant's earns in a batch: what the posting needs to know, read together, then its rows. */
    private final class TenantPart {
        final UUID tenant;
        /** The first request of each idempotency key, and the requests that repeat a key in this batch. */
        final Map<String, Slot> firstByKey = new LinkedHashMap<>();
        final List<Slot> twins = new ArrayList<>();
        final Map<String, Earlier> posted = new HashMap<>();
        final Map<String, PointTypeRules> types = new HashMap<>();
        final Map<UUID, String> memberStatus = new HashMap<>();
        final Map<UUID, UUID> issuance = new HashMap<>();
        final Map<LedgerAccounts.WalletKey, LedgerAccounts.Wallet> wallets = new HashMap<>();
        final List<Slot> valid = new ArrayList<>();
        ZoneId zone = ZoneOffset.UTC;

        TenantPart(UUID tenant) {
            this.tenant = tenant;
        }

        void add(Slot slot) {
            if (firstByKey.putIfAbsent(slot.request().key(), slot) != null) {
                twins.add(slot);
            }
        }

        /**
         * Adds the reads of this part: earlier postings under the same keys, point types (with the tenant's zone and
         * their issuance accounts), members and the wallets, locked in account order (so that batches cannot deadlock each other).
         */
        void read(SqlPipeline pipeline) {
            String[] keys = firstByKey.keySet().toArray(String[]::new);
            String[] codes = firstByKey.values().stream().map(s -> s.earn().pointType()).toArray(String[]::new);
            UUID[] members = firstByKey.values().stream().map(s -> s.earn().memberId()).toArray(UUID[]::new);
            pipeline.useTenant(tenant);
            pipeline.add("""
                            select idempotency_key, request_hash, id from platform.ledger_transaction
                            where tenant_id = platform.current_tenant() and idempotency_key = any(?::text[])""",
                    List.of((Object) keys), rs -> posted.put(rs.getString(1), new Earlier(rs.getObject(3, UUID.class), rs.getString(2))));
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
        void settle(EarnOutcome[] outcomes) {
            boolean tenantSet = false;
            for (Slot slot : firstByKey.values()) {
                EarnRequest request = slot.request();
                Earlier earlier = posted.get(request.key());
                if (earlier != null) {
                    if (!tenantSet) {
                        setTenant();
                        tenantSet = true;
                    }
                    outcomes[slot.index()] = earlier.hash().equals(request.hash())
                            ? new Replayed(receipts.of(earlier.id())) : new Refused(LedgerProblems.keyReused(request.key()));
                    continue;
                }
                DomainException invalid = check(request.earn());
                if (invalid == null) {
                    valid.add(slot);
                } else {
                    outcomes[slot.index()] = new Refused(invalid);
                }
            }
            List<UUID> typeIds = valid.stream().map(s -> types.get(s.earn().pointType()).id()).distinct().toList();
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

        private @Nullable DomainException check(Ledger.Earn earn) {
            if (!types.containsKey(earn.pointType())) {
                return LedgerProblems.unknownPointType(earn.pointType());
            }
            String status = memberStatus.get(earn.memberId());
            if (status == null) {
                return DomainException.notFound("Member " + earn.memberId());
            }
            return "ACTIVE".equals(status) ? null : LedgerProblems.memberNotActive(status);
        }

        private void setTenant() {
            jdbc.sql("select set_config('app.tenant_id', ?, true)").param(tenant.toString()).query(String.class).single();
        }

        private LedgerAccounts.WalletKey walletKey(Slot slot) {
            return new LedgerAccounts.WalletKey(types.get(slot.earn().pointType()).id(), slot.earn().memberId());
        }

        /** The rows of this part's valid earns; answers each with its receipt (which counts only after the commit). */
        PostingRows rows(Instant now, EarnOutcome[] outcomes) {
            Map<UUID, Wallet> byId = new HashMap<>();
            wallets.values().forEach(w -> byId.put(w.id(), new Wallet(w.id(), w.balance(), w.owed())));
            PostingRows rows = new PostingRows();
            for (Slot slot : valid) {
                Ledger.Earn earn = slot.earn();
                PointTypeRules type = types.get(earn.pointType());
                Wallet wallet = byId.get(wallets.get(walletKey(slot)).id());
                UUID tx = TimeOrderedIds.next();
                wallet.balance += earn.points();
                rows.transaction(tx, type.id(), earn.memberId(), "EARN", earn.points(), slot.request().key(), slot.request().hash(),
                        earn.source(), earn.reason(), earn.actor(), wallet.balance, now);
                rows.entries(tx, issuance.get(type.id()), wallet.id, earn.points());
                CreditRule.Credit credit = type.credits().earn(wallet.owed, earn.points(), earn.expiresAt(), earn.pendingDays(), now,
                        () -> zone);
                wallet.owed = credit.owedAfter();
                for (CreditRule.NewLot newLot : credit.lots()) {
                    UUID lot = TimeOrderedIds.next();
                    rows.lot(lot, wallet.id, tx, newLot.points(), now, newLot.expiresAt(), newLot.availableAt());
                    rows.movement(tx, lot, newLot.points());
                }
                rows.wallet(wallet.id, wallet.balance, wallet.owed);
                outcomes[slot.index()] = new EarnOutcome.Posted(new Receipt(tx, "EARN", earn.memberId(), type.code(), earn.points(),
                        wallet.balance, earn.source(), earn.reason(), null, null, now));
            }
            return rows;
        }

        /** Answers the requests that repeated a key of this batch: the first one's receipt, or a conflict if they differ. */
        void answerTwins(EarnOutcome[] outcomes) {
            for (Slot twin : twins) {
                Slot first = firstByKey.get(twin.request().key());
                outcomes[twin.index()] = !first.request().hash().equals(twin.request().hash())
                        ? new Refused(LedgerProblems.keyReused(twin.request().key()))
                        : switch (outcomes[first.index()]) {
                            case EarnOutcome.Posted p -> new Replayed(p.receipt());
                            case EarnOutcome answered -> answered;
                        };
            }
        }
    }
}
