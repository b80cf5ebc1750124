package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.PendingStatements;
import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.Postings.OpenLot;
import io.jifen.platform.ledger.internal.ChainBacklog;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.ledger.internal.PostingRows;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;

import static io.jifen.platform.ledger.LedgerRows.utc;

/** Holds: points reserved at checkout, then captured (a redemption) or released, by a caller or by their time-out. */
@Component
class Holds {

    private final Postings postings;
    private final LedgerRows rows;
    private final LedgerAccounts accounts;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final ChainBacklog chain;
    private final Clock clock;
    private final TransactionTemplate transactions;

    Holds(Postings postings, LedgerRows rows, LedgerAccounts accounts, PointTypeCatalog pointTypes, MemberDirectory members,
          JdbcClient jdbc, JdbcTemplate jdbcTemplate, ChainBacklog chain, Clock clock, PlatformTransactionManager transactionManager) {
        this.postings = postings;
        this.rows = rows;
        this.accounts = accounts;
        this.pointTypes = pointTypes;
        this.members = members;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.chain = chain;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    Receipt hold(String idempotencyKey, Ledger.Hold hold) {
        String hash = holdHash(hold);
        return postings.idempotent(idempotencyKey, hash, () -> post(idempotencyKey, hash, null, hold));
    }

    /**
     * Holds and captures at once (a redemption paid in points alone): the very rows {@link #hold} then {@link #capture}
     * write, under {@code holdKey} and {@code captureKey}. Answers the hold's receipt; a replay of {@code holdKey} answers
     * it again, and {@link #capture} under {@code captureKey} replays the capture.
     */
    Receipt holdCaptured(String holdKey, String captureKey, Ledger.Hold hold) {
        String hash = holdHash(hold);
        Postings.requireKey(captureKey);
        return postings.checkedAfterLock(holdKey, hash, () -> post(holdKey, hash, captureKey, hold));
    }

    void lockAhead(SqlPipeline pipeline, UUID memberId, String holdKey) {
        postings.lockAhead(pipeline, memberId, holdKey, clock.instant());
    }

    private static String holdHash(Ledger.Hold hold) {
        return Postings.hash("HOLD", hold.memberId(), hold.pointType(), hold.points(), hold.source(), hold.reason(), hold.ttl());
    }

    /**
     * A hold, captured at once when {@code captureKey} is given, in two round trips: the wallet's lock with what is read
     * behind it, then every row written together (with the transaction's pending statements, if it has opened them).
     */
    private Receipt post(String holdKey, String hash, @Nullable String captureKey, Ledger.Hold hold) {
        PointType type = pointTypes.byCode(hold.pointType());
        Postings.requireActive(members.status(hold.memberId()));
        Postings.LockedWallet locked = postings.lockForDebit(type.id(), hold.memberId(), holdKey, hash, clock.instant());
        if (locked.earlier() != null) {
            return postings.receipt(locked.earlier());
        }
        // Stamped once the lock is held, so that it sorts after every posting of the wallet before it; a lot that
        // expired while the lock was awaited is not spent.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<OpenLot> lots = locked.lots().stream().filter(lot -> lot.expiresAt() == null || lot.expiresAt().isAfter(now)).toList();
        Postings.requireAvailable(lots, hold.points());
        var wallet = locked.wallet();
        UUID tx = TimeOrderedIds.next();
        long balance = wallet.balance() - hold.points();
        UUID held = accounts.system(type.id(), Kind.HELD);
        PostingRows rows = new PostingRows();
        rows.transaction(tx, type.id(), hold.memberId(), "HOLD", hold.points(), holdKey, hash, hold.source(), hold.reason(), hold.actor(),
                balance, now);
        rows.entries(tx, wallet.id(), held, hold.points());
        UUID captured = null;
        if (captureKey != null) {
            captured = TimeOrderedIds.next();
            while (captured.compareTo(tx) <= 0) {
                // Listed after the hold (statements sort by time, then id).
                captured = TimeOrderedIds.next();
            }
            rows.transaction(captured, type.id(), hold.memberId(), "CAPTURE", hold.points(), captureKey,
                    Postings.hash("CAPTURE", tx, null, null, null, null, null), hold.source(), hold.reason(), hold.actor(), tx, balance, now);
            rows.entries(captured, held, accounts.system(type.id(), Kind.REDEEMED), hold.points());
        }
        Postings.takeFromLots(rows, tx, lots, hold.points());
        rows.wallet(wallet.id(), balance, wallet.owed());
        UUID tenant = TenantContext.require();
        chain.wrote(tenant);
        // The rows go with the caller's next round trip when it has opened its pending statements (a checkout: nothing in it
        // reads them before its last round trip), else in one of their own.
        SqlPipeline pending = PendingStatements.current(tenant);
        rows.hold(tx, hold.memberId(), type.id(), hold.points(), captured == null ? "HELD" : "CAPTURED", now.plus(hold.ttl()), captured);
        SqlPipeline writes = (pending != null ? pending : new SqlPipeline()).beginGenericPlans();
        rows.addTo(writes);
        writes.endGenericPlans();
        if (pending == null) {
            writes.run(jdbcTemplate);
        }
        return new Receipt(tx, "HOLD", hold.memberId(), type.code(), hold.points(), balance, hold.source(), hold.reason(), null, null, now);
    }

    Receipt capture(String idempotencyKey, UUID holdId, @Nullable String actor) {
        return settle(idempotencyKey, holdId, "CAPTURE", actor);
    }

    Receipt release(String idempotencyKey, UUID holdId, @Nullable String actor) {
        return settle(idempotencyKey, holdId, "RELEASE", actor);
    }

    int releaseTimedOutHolds(Instant asOf) {
        List<UUID> due = transactions.execute(status -> jdbc.sql("""
                        select id from platform.ledger_hold
                        where tenant_id = platform.current_tenant() and status = 'HELD' and expires_at <= ? order by expires_at limit 1000""")
                .param(utc(asOf)).query(UUID.class).list());
        due.forEach(hold -> release("release-timed-out:" + hold, hold, "timeout"));
        return due.size();
    }

    private Receipt settle(String idempotencyKey, UUID holdId, String kind, @Nullable String actor) {
        String hash = Postings.hash(kind, holdId, null, null, null, null, null);
        return postings.idempotent(idempotencyKey, hash, () -> {
            Receipt hold = postings.receipt(holdId);
            if (!"HOLD".equals(hold.kind())) {
                throw DomainException.notFound("Hold " + holdId);
            }
            UUID pointTypeId = pointTypes.byCode(hold.pointType()).id();
            var wallet = accounts.lockWallet(pointTypeId, hold.memberId());
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            String status = status(holdId);
            if (!"HELD".equals(status)) {
                throw DomainException.conflict("hold-settled", "Hold " + holdId + " is " + status + " already");
            }
            Instant now = clock.instant();
            UUID tx = TimeOrderedIds.next();
            UUID held = accounts.system(pointTypeId, Kind.HELD);
            long balance = kind.equals("RELEASE") ? wallet.balance() + hold.points() : wallet.balance();
            rows.insertTransaction(tx, pointTypeId, hold.memberId(), kind, hold.points(), idempotencyKey, hash, hold.source(), hold.reason(),
                    actor, holdId, balance, now);
            if (kind.equals("CAPTURE")) {
                rows.insertEntries(tx, held, accounts.system(pointTypeId, Kind.REDEEMED), hold.points());
            } else {
                rows.insertEntries(tx, held, wallet.id(), hold.points());
                jdbc.sql("""
                                select lot_id, -amount from platform.ledger_lot_movement
                                where tenant_id = platform.current_tenant() and transaction_id = ? and amount < 0""")
                        .param(holdId)
                        .query((rs, n) -> new OpenLot(rs.getObject(1, UUID.class), rs.getLong(2), null))
                        .list()
                        .forEach(lot -> {
                            rows.changeLot(lot.id(), lot.remaining());
                            rows.insertMovement(tx, lot.id(), lot.remaining());
                        });
                accounts.setWalletBalance(wallet.id(), balance);
            }
            jdbc.sql("update platform.ledger_hold set status = ?, settled_by = ? where tenant_id = platform.current_tenant() and id = ?")
                    .params(kind.equals("CAPTURE") ? "CAPTURED" : "RELEASED", tx, holdId)
                    .update();
            return postings.receipt(tx);
        });
    }

    /** The status of the current tenant's hold (HELD, CAPTURED, RELEASED); null if there is none. */
    @Nullable String status(UUID holdId) {
        return jdbc.sql("select status from platform.ledger_hold where tenant_id = platform.current_tenant() and id = ?")
                .param(holdId).query(String.class).optional().orElse(null);
    }
}
