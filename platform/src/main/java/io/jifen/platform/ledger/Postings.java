package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.jdbc.TransactionBound;
import io.jifen.platform.ledger.internal.CreditRule;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerProblems;
import io.jifen.platform.ledger.internal.PostingRows;
import io.jifen.platform.ledger.internal.Receipts;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.Hashes;

import static io.jifen.platform.ledger.LedgerRows.instant;
import static io.jifen.platform.ledger.LedgerRows.utc;

/**
 * What the single postings of every family share (an earn outside a batch, spends, refunds, clawbacks, holds,
 * transfers, adjustments): the idempotency around each, and the lots a posting takes from or opens.
 */
@Component
class Postings {

    /** A lot, or the portion of one a posting took, with its expiry. */
    record OpenLot(UUID id, long remaining, @Nullable Instant expiresAt) {
    }

    /** The lots (alias {@code l}) a debit may take, in the order it takes them; parameters: now, now. */
    private static final String SPENDABLE = """
            l.remaining > 0 and (l.expires_at is null or l.expires_at > ?) and (l.available_at is null or l.available_at <= ?)
            order by l.expires_at nulls last, l.earned_at, l.id""";

    /** A wallet locked for a debit, with its spendable lots; {@code earlier}: the posting already made under the key. */
    record LockedWallet(LedgerAccounts.Wallet wallet, List<OpenLot> lots, @Nullable UUID earlier) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final LedgerAccounts accounts;
    private final LedgerRows rows;
    private final Receipts receipts;
    private final TenantRegistry tenants;
    private final TransactionTemplate transactions;

    Postings(JdbcClient jdbc, JdbcTemplate jdbcTemplate, LedgerAccounts accounts, LedgerRows rows, Receipts receipts, TenantRegistry tenants,
             PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.accounts = accounts;
        this.rows = rows;
        this.receipts = receipts;
        this.tenants = tenants;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 100) {
            throw DomainException.invalidField("Idempotency-Key", "a key of 1 to 100 characters is required on every posting");
        }
    }

    /** The hash of a request's parts, which a replay of its idempotency key must match. */
    static String hash(Object... parts) {
        var canonical = new StringBuilder();
        for (Object part : parts) {
            canonical.append(Objects.toString(part, "")).append('\u0000');
        }
        return Hashes.sha256Hex(canonical.toString());
    }

    /**
     * Runs the posting in a transaction (the caller's, or a new one) unless its key was posted already: then the first
     * receipt, or a 409 if the key came with another request. The posting itself checks again after its wallet lock.
     */
    Receipt idempotent(String key, String hash, Supplier<Receipt> posting) {
        return checkedAfterLock(key, hash, () -> replay(key, hash).orElseGet(posting));
    }

    /**
     * {@link #idempotent} for a posting whose key is new as a rule (a checkout's, made of the order's id): it looks for
     * an earlier posting under the key only after its wallet lock, so a replay waits behind the wallet's postings.
     */
    Receipt checkedAfterLock(String key, String hash, Supplier<Receipt> posting) {
        requireKey(key);
        try {
            return transactions.execute(status -> posting.get());
        } catch (DuplicateKeyException concurrentTwin) {
            // The same key was posted at the same moment for another wallet: answer what that posting recorded.
            return transactions.execute(status -> replay(key, hash).orElseThrow(() -> concurrentTwin));
        }
    }

    /** The receipt of what was posted under {@code key}, if anything; a 409 if that was another request. */
    Optional<Receipt> replay(String key, String hash) {
        return jdbc.sql("select id, request_hash from platform.ledger_transaction where tenant_id = platform.current_tenant() and idempotency_key = ?")
                .param(key)
                .query((rs, n) -> {
                    if (!rs.getString(2).equals(hash)) {
                        throw LedgerProblems.keyReused(key);
                    }
                    return rs.getObject(1, UUID.class);
                })
                .optional()
                .map(this::receipt);
    }

    Receipt receipt(UUID transactionId) {
        return receipts.of(transactionId);
    }

    Receipt readOnlyReceipt(UUID transactionId) {
        return transactions.execute(status -> receipt(transactionId));
    }

    static void requireActive(MemberStatus status) {
        if (status != MemberStatus.ACTIVE) {
            throw LedgerProblems.memberNotActive(status.name());
        }
    }

    /** The current tenant's time zone, in which expiry dates and days are counted. */
    ZoneId zone() {
        return ZoneId.of(tenants.current().settings().timeZone());
    }

    /** The wallet's lots that can be spent now (not pending, not expired), earliest expiry first, never-expiring last. */
    List<OpenLot> spendableLots(UUID walletId, Instant now) {
        return jdbc.sql("""
                        select l.id, l.remaining, l.expires_at from platform.ledger_lot l
                        where l.tenant_id = platform.current_tenant() and l.account_id = ? and""" + " " + SPENDABLE)
                .params(walletId, utc(now), utc(now))
                .query((rs, n) -> new OpenLot(rs.getObject(1, UUID.class), rs.getLong(2), instant(rs.getObject(3, OffsetDateTime.class))))
                .list();
    }

    static long requireAvailable(List<OpenLot> lots, long points) {
        return requireAvailable(lots, points, 0);
    }

    /**
     * Adds to {@code pipeline} what {@link #lockForDebit} reads for a debit of the member under {@code key}, for each of
     * the member's wallets (the caller does not know yet which point type it will debit): their locks, in the order of
     * their ids, the posting made under the key and their spendable lots as of {@code now}. Once the pipeline has run,
     * {@link #lockForDebit} under the key answers from what it read, in this transaction, without a round trip.
     */
    void lockAhead(SqlPipeline pipeline, UUID memberId, String key, Instant now) {
        requireKey(key);
        LockedAhead ahead = new LockedAhead(memberId, new HashMap<>(), new HashMap<>(), new HashMap<>());
        pipeline.add("""
                        select id, point_type_id, balance, owed from platform.ledger_account
                        where tenant_id = platform.current_tenant() and kind = 'WALLET' and member_id = ?
                          and point_type_id in (select id from platform.point_type where tenant_id = platform.current_tenant())
                        order by id for update""", List.of(memberId),
                        rs -> ahead.wallets().put(rs.getObject(2, UUID.class), new LedgerAccounts.Wallet(rs.getObject(1, UUID.class), rs.getLong(3), rs.getLong(4))))
                .add("select id, request_hash from platform.ledger_transaction where tenant_id = platform.current_tenant() and idempotency_key = ?",
                        List.of(key), rs -> ahead.earlier().put(rs.getString(2), rs.getObject(1, UUID.class)))
                .add("""
                        select a.point_type_id, l.id, l.remaining, l.expires_at from platform.ledger_lot l
                        join platform.ledger_account a on a.tenant_id = l.tenant_id and a.id = l.account_id
                        where a.tenant_id = platform.current_tenant() and a.kind = 'WALLET' and a.member_id = ?
                          and a.point_type_id in (select id from platform.point_type where tenant_id = platform.current_tenant())
                          and l.tenant_id = platform.current_tenant() and""" + " " + SPENDABLE, List.of(memberId, utc(now), utc(now)),
                        rs -> ahead.lots().computeIfAbsent(rs.getObject(1, UUID.class), type -> new ArrayList<>())
                                .add(new OpenLot(rs.getObject(2, UUID.class), rs.getLong(3), instant(rs.getObject(4, OffsetDateTime.class)))));
        LockedAhead.keep(key, ahead);
    }

    /**
     * What {@link #lockAhead} read for a key: the member's wallets and their spendable lots by point type, and the
     * posting made under the key (by its request hash). Kept with the transaction that holds the locks: a transaction
     * started inside it does not see it.
     */
    private record LockedAhead(UUID memberId, Map<UUID, LedgerAccounts.Wallet> wallets, Map<UUID, List<OpenLot>> lots, Map<String, UUID> earlier) {

        /** Keeps what was read for the key with the current transaction. */
        static void keep(String key, LockedAhead ahead) {
            TransactionBound.findOrRegister(OfTransaction.class, OfTransaction::new).byKey().put(key, ahead);
        }

        /** What the current transaction read ahead for the key, if anything; a second debit under the key reads anew. */
        static @Nullable LockedAhead take(String key) {
            OfTransaction held = TransactionBound.find(OfTransaction.class);
            return held == null ? null : held.byKey().remove(key);
        }

        /** The locked wallet of the point type, if the member has one; a 409 if the key's posting was another request. */
        @Nullable LockedWallet of(UUID pointTypeId, UUID member, String key, String hash) {
            LedgerAccounts.Wallet wallet = wallets.get(pointTypeId);
            if (!memberId.equals(member) || wallet == null) {
                return null;
            }
            if (!earlier.isEmpty() && !earlier.containsKey(hash)) {
                throw LedgerProblems.keyReused(key);
            }
            return new LockedWallet(wallet, lots.getOrDefault(pointTypeId, List.of()), earlier.get(hash));
        }

        /** Registered with the transaction (compared by identity: its map changes while it is registered). */
        private static final class OfTransaction implements TransactionSynchronization {
            private final Map<String, LockedAhead> byKey = new HashMap<>();

            Map<String, LockedAhead> byKey() {
                return byKey;
            }
        }
    }

    /**
     * Locks the member's wallet of the point type and reads, behind the lock, the posting already made under {@code key}
     * (a 409 if it was another request) and the wallet's spendable lots: one round trip where {@link LedgerAccounts#lockWallet},
     * {@link #replay} and {@link #spendableLots} take three, none if the transaction locked it ahead ({@link #lockAhead}).
     * Opens the wallet if the member has none yet.
     */
    LockedWallet lockForDebit(UUID pointTypeId, UUID memberId, String key, String hash, Instant now) {
        LockedAhead ahead = LockedAhead.take(key);
        LockedWallet lockedAhead = ahead == null ? null : ahead.of(pointTypeId, memberId, key, hash);
        if (lockedAhead != null) {
            return lockedAhead;
        }
        List<LedgerAccounts.Wallet> wallet = new ArrayList<>(1);
        List<UUID> earlier = new ArrayList<>(1);
        List<OpenLot> lots = new ArrayList<>();
        new SqlPipeline()
                .add("""
                        select id, balance, owed from platform.ledger_account
                        where tenant_id = platform.current_tenant() and point_type_id = ? and kind = 'WALLET' and member_id = ?
                        for update""", List.of(pointTypeId, memberId),
                        rs -> wallet.add(new LedgerAccounts.Wallet(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3))))
                .add("select id, request_hash from platform.ledger_transaction where tenant_id = platform.current_tenant() and idempotency_key = ?",
                        List.of(key), rs -> {
                            if (!rs.getString(2).equals(hash)) {
                                throw LedgerProblems.keyReused(key);
                            }
                            earlier.add(rs.getObject(1, UUID.class));
                        })
                .add("""
                        select l.id, l.remaining, l.expires_at from platform.ledger_lot l
                        join platform.ledger_account a on a.tenant_id = l.tenant_id and a.id = l.account_id
                        where a.tenant_id = platform.current_tenant() and a.point_type_id = ? and a.kind = 'WALLET' and a.member_id = ?
                          and l.tenant_id = platform.current_tenant() and""" + " " + SPENDABLE, List.of(pointTypeId, memberId, utc(now), utc(now)),
                        rs -> lots.add(new OpenLot(rs.getObject(1, UUID.class), rs.getLong(2), instant(rs.getObject(3, OffsetDateTime.class)))))
                .run(jdbcTemplate);
        if (wallet.isEmpty()) {
            // No wallet yet: it is opened (or, if another posting opened it meanwhile, waited for) and locked, and what
            // was read without the lock is read again behind it.
            LedgerAccounts.Wallet opened = accounts.lockWallet(pointTypeId, memberId);
            return new LockedWallet(opened, spendableLots(opened.id(), now), replay(key, hash).map(Receipt::transactionId).orElse(null));
        }
        return new LockedWallet(wallet.getFirst(), lots, earlier.isEmpty() ? null : earlier.getFirst());
    }

    /** The points in {@code lots}, if they and the loan room cover {@code points}; a 422 otherwise. */
    static long requireAvailable(List<OpenLot> lots, long points, long loanRoom) {
        long available = lots.stream().mapToLong(OpenLot::remaining).sum();
        if (available + loanRoom < points) {
            throw new DomainException(ProblemKind.REFUSED, "insufficient-points", "Insufficient points",
                    "The member has " + available + " points available" + (loanRoom > 0 ? " and may borrow " + loanRoom : "")
                            + "; " + points + " were asked for", List.of());
        }
        return available;
    }

    /**
     * Debits {@code points} from the lots in the order given (earliest expiry first), records what it took from each,
     * and returns the portions taken (with their lot's expiry).
     */
    List<OpenLot> takeFromLots(UUID tx, List<OpenLot> lots, long points) {
        List<OpenLot> taken = portions(lots, points);
        for (OpenLot portion : taken) {
            rows.changeLot(portion.id(), -portion.remaining());
            rows.insertMovement(tx, portion.id(), -portion.remaining());
        }
        return taken;
    }

    /** {@link #takeFromLots} into rows written later, set-based. */
    static List<OpenLot> takeFromLots(PostingRows batch, UUID tx, List<OpenLot> lots, long points) {
        List<OpenLot> taken = portions(lots, points);
        for (OpenLot portion : taken) {
            batch.changeLot(portion.id(), -portion.remaining());
            batch.movement(tx, portion.id(), -portion.remaining());
        }
        return taken;
    }

    /** What taking {@code points} from the lots in their order takes from each. */
    private static List<OpenLot> portions(List<OpenLot> lots, long points) {
        List<OpenLot> taken = new ArrayList<>();
        long left = points;
        for (OpenLot lot : lots) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, lot.remaining());
            taken.add(new OpenLot(lot.id(), take, lot.expiresAt()));
            left -= take;
        }
        return taken;
    }

    /** Writes what the posting rule made of a credit to the wallet: the loan it repaid and the lots it opens. */
    void credit(UUID tx, LedgerAccounts.Wallet wallet, CreditRule.Credit credit, Instant now) {
        if (credit.repaid() > 0) {
            accounts.setOwed(wallet.id(), credit.owedAfter());
        }
        for (CreditRule.NewLot lot : credit.lots()) {
            UUID id = TimeOrderedIds.next();
            rows.insertLot(id, wallet.id(), tx, lot.points(), now, lot.expiresAt(), lot.availableAt());
            rows.insertMovement(tx, id, lot.points());
        }
    }
}
