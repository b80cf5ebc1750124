package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.ledger.internal.CreditRule;
import io.jifen.platform.ledger.internal.EarnBatch;
import io.jifen.platform.ledger.internal.EarnCommitter;
import io.jifen.platform.ledger.internal.EarnOutcome;
import io.jifen.platform.ledger.internal.EarnRequest;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.ledger.internal.LedgerIds;
import io.jifen.platform.ledger.internal.LedgerProblems;
import io.jifen.platform.ledger.internal.Receipts;
import io.jifen.platform.member.Member;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.Hashes;

import static io.jifen.platform.ledger.LedgerRows.instant;
import static io.jifen.platform.ledger.LedgerRows.utc;

/**
 * The points ledger: every change to a balance is a balanced, append-only transaction posted here. Credits make lots
 * with an expiry; debits take from lots earliest expiry first and remember which; refunds give back exactly those.
 * Every posting carries an idempotency key unique in its tenant: a replay answers the first receipt, the same key with
 * another request is a 409.
 */
@Service
public class Ledger {

    /** Points to credit to a member; {@code expiresAt} overrides the point type's expiry policy. */
    public record Earn(UUID memberId, String pointType, long points, @Nullable String source, @Nullable String reason,
                       @Nullable Instant expiresAt, @Nullable String actor, @Nullable Integer pendingDays) {

        /** An earn that waits out the point type's own pending period, if it has one. */
        public Earn(UUID memberId, String pointType, long points, @Nullable String source, @Nullable String reason,
                    @Nullable Instant expiresAt, @Nullable String actor) {
            this(memberId, pointType, points, source, reason, expiresAt, actor, null);
        }

        String hash() {
            // The pending period joins the hash only when set, so earlier earns' keys keep their hashes.
            return pendingDays == null ? Ledger.hash("EARN", memberId, pointType, points, source, reason, expiresAt)
                    : Ledger.hash("EARN", memberId, pointType, points, source, reason, expiresAt, pendingDays);
        }
    }

    /** Points a member spends (a redemption, a fee). */
    public record Spend(UUID memberId, String pointType, long points, @Nullable String source, @Nullable String reason,
                        @Nullable String actor) {
    }

    /** An administrator's correction: positive credits a lot (expiring per policy), negative debits lots; reason and actor are required. */
    public record Adjust(UUID memberId, String pointType, long points, String reason, String actor) {
    }

    /** Reserves points at checkout for {@code ttl}; capture or release settles it, or it releases itself when it times out. */
    public record Hold(UUID memberId, String pointType, long points, Duration ttl, @Nullable String source, @Nullable String reason,
                       @Nullable String actor) {
    }

    /** 积分转赠: points from one member to another of the same tenant, within the point type's daily limit. */
    public record Transfer(UUID fromMemberId, UUID toMemberId, String pointType, long points, @Nullable String reason,
                           @Nullable String actor) {
    }

    /** Reverses points an earn gave (its order was refunded in full or in part). */
    public record Clawback(UUID earnTransactionId, long points, @Nullable String reason, @Nullable String actor) {
    }

    /** Gives back all ({@code points} null) or part of a spend. */
    public record Refund(UUID spendTransactionId, @Nullable Long points, @Nullable String reason, @Nullable String actor) {
    }

    private final JdbcClient jdbc;
    private final LedgerAccounts accounts;
    private final LedgerRows rows;
    private final Receipts receipts;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final TenantRegistry tenants;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final EarnCommitter committer;
    private final EarnBatch earnBatch;
    private final List<MemberLoanLimits> loanLimits;

    Ledger(JdbcClient jdbc, LedgerAccounts accounts, LedgerRows rows, Receipts receipts, PointTypeCatalog pointTypes, MemberDirectory members,
           TenantRegistry tenants, PlatformTransactionManager transactionManager, Clock clock, EarnCommitter committer, EarnBatch earnBatch,
           List<MemberLoanLimits> loanLimits) {
        this.loanLimits = loanLimits;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.rows = rows;
        this.receipts = receipts;
        this.pointTypes = pointTypes;
        this.members = members;
        this.tenants = tenants;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.committer = committer;
        this.earnBatch = earnBatch;
    }

    /**
     * Credits points. Outside a caller's transaction the earn is group-committed with concurrent ones
     * ({@link EarnCommitter}); inside one it is posted in that transaction.
     */
    public Receipt earn(String idempotencyKey, Earn earn) {
        requireKey(idempotencyKey);
        String hash = earn.hash();
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return earnAlone(idempotencyKey, hash, earn);
        }
        return committer.earn(new EarnRequest(TenantContext.require(), idempotencyKey, hash, earn))
                .map(EarnOutcome::receiptOrThrow)
                .orElseGet(() -> earnAlone(idempotencyKey, hash, earn));
    }

    /** An earn with its idempotency key, for {@link #earnAll}. */
    public record KeyedEarn(String idempotencyKey, Earn earn) {
    }

    /**
     * Credits many earns of the current tenant at once, in the caller's transaction (or a new one), with one statement
     * per table for all of them. Answers the receipts in the order asked; a replayed key answers its first receipt. If
     * any earn is refused (unknown point type or member, an inactive member, a key reused with another body), that
     * problem is thrown and, in the caller's transaction, nothing of the call stays.
     */
    public List<Receipt> earnAll(List<KeyedEarn> earns) {
        UUID tenant = TenantContext.require();
        List<EarnRequest> requests = new ArrayList<>(earns.size());
        for (KeyedEarn keyed : earns) {
            requireKey(keyed.idempotencyKey());
            requests.add(new EarnRequest(tenant, keyed.idempotencyKey(), keyed.earn().hash(), keyed.earn()));
        }
        List<EarnOutcome> outcomes = transactions.execute(status -> earnBatch.post(requests));
        return outcomes.stream().map(EarnOutcome::receiptOrThrow).toList();
    }

    private Receipt earnAlone(String idempotencyKey, String hash, Earn earn) {
        return idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(earn.pointType());
            requireActive(members.get(earn.memberId()));
            var wallet = accounts.lockWallet(type.id(), earn.memberId());
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            CreditRule.Credit credit = CreditRule.of(type).earn(wallet.owed(), earn.points(), earn.expiresAt(), earn.pendingDays(), now,
                    this::zone);
            UUID tx = LedgerIds.next();
            long balance = wallet.balance() + earn.points();
            insertTransaction(tx, type.id(), earn.memberId(), "EARN", earn.points(), idempotencyKey, hash, earn.source(), earn.reason(),
                    earn.actor(), null, balance, now);
            rows.insertEntries(tx, accounts.system(type.id(), Kind.ISSUANCE), wallet.id(), earn.points());
            credit(tx, wallet, credit, now);
            accounts.setWalletBalance(wallet.id(), balance);
            return receipt(tx);
        });
    }

    public Receipt spend(String idempotencyKey, Spend spend) {
        String hash = hash("SPEND", spend.memberId(), spend.pointType(), spend.points(), spend.source(), spend.reason(), null);
        return idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(spend.pointType());
            requireActive(members.get(spend.memberId()));
            var wallet = accounts.lockWallet(type.id(), spend.memberId());
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            List<OpenLot> lots = spendableLots(wallet.id(), now);
            long loanRoom = Math.max(0, loanLimit(spend.memberId(), type) - wallet.owed());
            long fromLots = Math.min(spend.points(), requireAvailable(lots, spend.points(), loanRoom));
            UUID tx = LedgerIds.next();
            long balance = wallet.balance() - spend.points();
            insertTransaction(tx, type.id(), spend.memberId(), "SPEND", spend.points(), idempotencyKey, hash, spend.source(), spend.reason(),
                    spend.actor(), null, balance, now);
            rows.insertEntries(tx, wallet.id(), accounts.system(type.id(), Kind.REDEEMED), spend.points());
            takeFromLots(tx, lots, fromLots);
            if (spend.points() > fromLots) {
                // 积分借贷: the rest is a loan, repaid by the member's next credits.
                accounts.setOwed(wallet.id(), wallet.owed() + spend.points() - fromLots);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            return receipt(tx);
        });
    }

    public Receipt adjust(String idempotencyKey, Adjust adjust) {
        if (adjust.points() == 0) {
            throw DomainException.invalidField("points", "an adjustment must not be zero");
        }
        if (adjust.reason() == null || adjust.reason().isBlank() || adjust.actor() == null || adjust.actor().isBlank()) {
            throw DomainException.invalidField("reason", "an adjustment needs a reason and the acting user");
        }
        String hash = hash("ADJUST", adjust.memberId(), adjust.pointType(), adjust.points(), null, adjust.reason(), null);
        return idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(adjust.pointType());
            members.get(adjust.memberId());
            var wallet = accounts.lockWallet(type.id(), adjust.memberId());
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            long points = Math.abs(adjust.points());
            UUID tx = LedgerIds.next();
            UUID issuance = accounts.system(type.id(), Kind.ISSUANCE);
            long balance = wallet.balance() + adjust.points();
            List<OpenLot> lots = adjust.points() < 0 ? spendableLots(wallet.id(), now) : List.of();
            if (adjust.points() < 0) {
                requireAvailable(lots, points);
            }
            insertTransaction(tx, type.id(), adjust.memberId(), "ADJUST", points, idempotencyKey, hash, "adjustment", adjust.reason(),
                    adjust.actor(), null, balance, now);
            if (adjust.points() > 0) {
                rows.insertEntries(tx, issuance, wallet.id(), points);
                credit(tx, wallet, CreditRule.of(type).issue(wallet.owed(), points, now, this::zone), now);
            } else {
                rows.insertEntries(tx, wallet.id(), issuance, points);
                takeFromLots(tx, lots, points);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            return receipt(tx);
        });
    }

    /**
     * Refunds a spend into exactly the lots it took from, latest expiry first, keeping their expiry. Points whose lot
     * has expired meanwhile come back expired: they are not spendable and the expiry run books them out.
     */
    public Receipt refund(String idempotencyKey, Refund refund) {
        String hash = hash("REFUND", refund.spendTransactionId(), null, refund.points() == null ? -1 : refund.points(),
                null, refund.reason(), null);
        return idempotent(idempotencyKey, hash, () -> {
            Receipt spend = receipt(refund.spendTransactionId());
            if (!"SPEND".equals(spend.kind()) && !("HOLD".equals(spend.kind()) && "CAPTURED".equals(holdStatus(spend.transactionId())))) {
                throw new DomainException(ProblemKind.REFUSED, "not-refundable", "Not refundable",
                        "Only a spend or a captured hold can be refunded; this transaction is " + spend.kind(), List.of());
            }
            UUID memberId = spend.memberId();
            PointType type = pointTypes.byCode(spend.pointType());
            UUID pointTypeId = type.id();
            var wallet = accounts.lockWallet(pointTypeId, memberId);
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            // Per lot: what the spend took, less what earlier refunds of it gave back.
            List<long[]> unused = new ArrayList<>();
            List<UUID> lotIds = new ArrayList<>();
            jdbc.sql("""
                            select m.lot_id, -m.amount - coalesce((
                                       select sum(r.amount) from platform.ledger_lot_movement r
                                       join platform.ledger_transaction rt on rt.tenant_id = r.tenant_id and rt.id = r.transaction_id
                                       where r.tenant_id = m.tenant_id and r.lot_id = m.lot_id and rt.reverses_id = m.transaction_id), 0) as refundable
                            from platform.ledger_lot_movement m
                            join platform.ledger_lot l on l.tenant_id = m.tenant_id and l.id = m.lot_id
                            where m.tenant_id = platform.current_tenant() and m.transaction_id = ?
                            order by l.expires_at desc nulls first, l.earned_at desc, l.id""")
                    .param(refund.spendTransactionId())
                    .query(rs -> {
                        lotIds.add(rs.getObject(1, UUID.class));
                        unused.add(new long[] {rs.getLong(2)});
                    });
            long refunded = jdbc.sql("""
                            select coalesce(sum(points), 0) from platform.ledger_transaction
                            where tenant_id = platform.current_tenant() and reverses_id = ? and kind = 'REFUND'""")
                    .param(refund.spendTransactionId()).query(Long.class).single();
            long refundable = spend.points() - refunded;
            long points = refund.points() == null ? refundable : refund.points();
            if (points <= 0 || points > refundable) {
                throw new DomainException(ProblemKind.REFUSED, "refund-exceeds-spend", "Refund exceeds spend",
                        refundable + " points of this spend can still be refunded; " + points + " were asked for", List.of());
            }
            Instant now = clock.instant();
            UUID tx = LedgerIds.next();
            long balance = wallet.balance() + points;
            insertTransaction(tx, pointTypeId, memberId, "REFUND", points, idempotencyKey, hash, "refund",
                    refund.reason(), refund.actor(), refund.spendTransactionId(), balance, now);
            rows.insertEntries(tx, accounts.system(pointTypeId, Kind.REDEEMED), wallet.id(), points);
            long left = points;
            for (int i = 0; i < lotIds.size() && left > 0; i++) {
                long give = Math.min(left, unused.get(i)[0]);
                if (give > 0) {
                    rows.changeLot(lotIds.get(i), give);
                    rows.insertMovement(tx, lotIds.get(i), give);
                    left -= give;
                }
            }
            if (left > 0) {
                // The part of the spend that was a loan: it reduces what the member owes, or becomes new points if repaid already.
                credit(tx, wallet, CreditRule.of(type).issue(wallet.owed(), left, now, this::zone), now);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            return receipt(tx);
        });
    }

    /**
     * Moves points to another member. The receiver gets new lots with the expiry of the lots the points came from, so a
     * transfer never extends a point's life.
     */
    public Receipt transfer(String idempotencyKey, Transfer transfer) {
        if (transfer.fromMemberId().equals(transfer.toMemberId())) {
            throw DomainException.invalidField("toMemberId", "a member cannot transfer points to itself");
        }
        String hash = hash("TRANSFER", transfer.fromMemberId(), transfer.pointType(), transfer.points(), transfer.toMemberId(),
                transfer.reason(), null);
        return idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(transfer.pointType());
            requireActive(members.get(transfer.fromMemberId()));
            requireActive(members.get(transfer.toMemberId()));
            if (type.transferDailyLimit() == 0) {
                throw new DomainException(ProblemKind.REFUSED, "transfers-disabled", "Transfers disabled",
                        "Point type " + type.code() + " cannot be transferred in this programme", List.of());
            }
            // Both wallets, always locked in the same order, so that two opposite transfers cannot deadlock.
            boolean senderFirst = transfer.fromMemberId().compareTo(transfer.toMemberId()) < 0;
            var first = accounts.lockWallet(type.id(), senderFirst ? transfer.fromMemberId() : transfer.toMemberId());
            var second = accounts.lockWallet(type.id(), senderFirst ? transfer.toMemberId() : transfer.fromMemberId());
            var from = senderFirst ? first : second;
            var to = senderFirst ? second : first;
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            ZoneId zone = zone();
            Instant dayStart = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            long sentToday = jdbc.sql("""
                            select coalesce(sum(points), 0) from platform.ledger_transaction
                            where tenant_id = platform.current_tenant() and member_id = ? and point_type_id = ? and kind = 'TRANSFER'
                              and created_at >= ?""")
                    .params(transfer.fromMemberId(), type.id(), utc(dayStart)).query(Long.class).single();
            if (sentToday + transfer.points() > type.transferDailyLimit()) {
                throw new DomainException(ProblemKind.REFUSED, "transfer-limit", "Daily transfer limit",
                        "The member may give away " + Math.max(0, type.transferDailyLimit() - sentToday) + " more points today", List.of());
            }
            List<OpenLot> lots = spendableLots(from.id(), now);
            requireAvailable(lots, transfer.points());
            UUID tx = LedgerIds.next();
            long fromBalance = from.balance() - transfer.points();
            long toBalance = to.balance() + transfer.points();
            insertTransaction(tx, type.id(), transfer.fromMemberId(), "TRANSFER", transfer.points(), idempotencyKey, hash, "transfer",
                    transfer.reason(), transfer.actor(), null, fromBalance, now, transfer.toMemberId(), toBalance);
            rows.insertEntries(tx, from.id(), to.id(), transfer.points());
            List<CreditRule.Portion> moved = takeFromLots(tx, lots, transfer.points()).stream()
                    .map(lot -> new CreditRule.Portion(lot.remaining(), lot.expiresAt())).toList();
            credit(tx, to, CreditRule.transferIn(to.owed(), moved), now);
            accounts.setWalletBalance(from.id(), fromBalance);
            accounts.setWalletBalance(to.id(), toBalance);
            return receipt(tx);
        });
    }

    /**
     * Takes back points an earn gave: from the earn's own lot first; what was spent already follows the point type's
     * clawback policy (owe it, take it from other lots, or waive it). Never more than the earn gave, in total.
     */
    public Receipt clawback(String idempotencyKey, Clawback clawback) {
        String hash = hash("CLAWBACK", clawback.earnTransactionId(), null, clawback.points(), null, clawback.reason(), null);
        return idempotent(idempotencyKey, hash, () -> {
            Receipt earn = receipt(clawback.earnTransactionId());
            if (!"EARN".equals(earn.kind())) {
                throw new DomainException(ProblemKind.REFUSED, "not-clawable", "Not clawable",
                        "Only an earn can be clawed back; this transaction is " + earn.kind(), List.of());
            }
            PointType type = pointTypes.byCode(earn.pointType());
            var wallet = accounts.lockWallet(type.id(), earn.memberId());
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            long clawed = jdbc.sql("""
                            select coalesce(sum(points), 0) from platform.ledger_transaction
                            where tenant_id = platform.current_tenant() and reverses_id = ? and kind = 'CLAWBACK'""")
                    .param(earn.transactionId()).query(Long.class).single();
            if (clawback.points() > earn.points() - clawed) {
                throw new DomainException(ProblemKind.REFUSED, "clawback-exceeds-earn", "Clawback exceeds earn",
                        (earn.points() - clawed) + " points of this earn can still be clawed back; " + clawback.points() + " were asked for",
                        List.of());
            }
            Instant now = clock.instant();
            List<OpenLot> own = jdbc.sql("""
                            select id, remaining, expires_at from platform.ledger_lot
                            where tenant_id = platform.current_tenant() and transaction_id = ? and account_id = ? and remaining > 0""")
                    .params(earn.transactionId(), wallet.id())
                    .query((rs, n) -> new OpenLot(rs.getObject(1, UUID.class), rs.getLong(2), instant(rs.getObject(3, OffsetDateTime.class))))
                    .list();
            long fromOwn = Math.min(clawback.points(), own.stream().mapToLong(OpenLot::remaining).sum());
            long rest = clawback.points() - fromOwn;
            List<OpenLot> others = List.of();
            long fromOthers = 0;
            long owe = 0;
            switch (type.clawbackPolicy()) {
                case OTHER_LOTS -> {
                    others = spendableLots(wallet.id(), now).stream().filter(l -> own.stream().noneMatch(o -> o.id().equals(l.id()))).toList();
                    fromOthers = Math.min(rest, others.stream().mapToLong(OpenLot::remaining).sum());
                }
                case NEGATIVE -> owe = rest;
                case WAIVE -> { }
            }
            long waived = rest - fromOthers - owe;
            long booked = clawback.points() - waived;
            UUID tx = LedgerIds.next();
            long balance = wallet.balance() - booked;
            String reason = Objects.toString(clawback.reason(), "order refunded") + (waived > 0 ? " (" + waived + " waived)" : "");
            insertTransaction(tx, type.id(), earn.memberId(), "CLAWBACK", clawback.points(), idempotencyKey, hash, "clawback", reason,
                    clawback.actor(), earn.transactionId(), balance, now);
            if (booked > 0) {
                rows.insertEntries(tx, wallet.id(), accounts.system(type.id(), Kind.ISSUANCE), booked);
            }
            takeFromLots(tx, own, fromOwn);
            takeFromLots(tx, others, fromOthers);
            if (owe > 0) {
                accounts.setOwed(wallet.id(), wallet.owed() + owe);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            return receipt(tx);
        });
    }

    public Receipt hold(String idempotencyKey, Hold hold) {
        String hash = hash("HOLD", hold.memberId(), hold.pointType(), hold.points(), hold.source(), hold.reason(), hold.ttl());
        return idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(hold.pointType());
            requireActive(members.get(hold.memberId()));
            var wallet = accounts.lockWallet(type.id(), hold.memberId());
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            List<OpenLot> lots = spendableLots(wallet.id(), now);
            requireAvailable(lots, hold.points());
            UUID tx = LedgerIds.next();
            long balance = wallet.balance() - hold.points();
            insertTransaction(tx, type.id(), hold.memberId(), "HOLD", hold.points(), idempotencyKey, hash, hold.source(), hold.reason(),
                    hold.actor(), null, balance, now);
            rows.insertEntries(tx, wallet.id(), accounts.system(type.id(), Kind.HELD), hold.points());
            takeFromLots(tx, lots, hold.points());
            jdbc.sql("""
                            insert into platform.ledger_hold (tenant_id, id, member_id, point_type_id, points, status, expires_at)
                            values (platform.current_tenant(), ?, ?, ?, ?, 'HELD', ?)""")
                    .params(tx, hold.memberId(), type.id(), hold.points(), utc(now.plus(hold.ttl())))
                    .update();
            accounts.setWalletBalance(wallet.id(), balance);
            return receipt(tx);
        });
    }

    /** Turns a hold into a redemption; refunds of it then restore the lots the hold took. */
    public Receipt capture(String idempotencyKey, UUID holdId, @Nullable String actor) {
        return settle(idempotencyKey, holdId, "CAPTURE", actor);
    }

    /** Gives a held amount back to exactly the lots it came from. */
    public Receipt release(String idempotencyKey, UUID holdId, @Nullable String actor) {
        return settle(idempotencyKey, holdId, "RELEASE", actor);
    }

    /** Releases the current tenant's holds that timed out before {@code asOf}; returns how many. */
    public int releaseTimedOutHolds(Instant asOf) {
        List<UUID> due = transactions.execute(status -> jdbc.sql("""
                        select id from platform.ledger_hold
                        where tenant_id = platform.current_tenant() and status = 'HELD' and expires_at <= ? order by expires_at limit 1000""")
                .param(utc(asOf)).query(UUID.class).list());
        due.forEach(hold -> release("release-timed-out:" + hold, hold, "timeout"));
        return due.size();
    }

    private Receipt settle(String idempotencyKey, UUID holdId, String kind, @Nullable String actor) {
        String hash = hash(kind, holdId, null, null, null, null, null);
        return idempotent(idempotencyKey, hash, () -> {
            Receipt hold = receipt(holdId);
            if (!"HOLD".equals(hold.kind())) {
                throw DomainException.notFound("Hold " + holdId);
            }
            UUID pointTypeId = pointTypes.byCode(hold.pointType()).id();
            var wallet = accounts.lockWallet(pointTypeId, hold.memberId());
            Optional<Receipt> replay = replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            String status = holdStatus(holdId);
            if (!"HELD".equals(status)) {
                throw DomainException.conflict("hold-settled", "Hold " + holdId + " is " + status + " already");
            }
            Instant now = clock.instant();
            UUID tx = LedgerIds.next();
            UUID held = accounts.system(pointTypeId, Kind.HELD);
            long balance = kind.equals("RELEASE") ? wallet.balance() + hold.points() : wallet.balance();
            insertTransaction(tx, pointTypeId, hold.memberId(), kind, hold.points(), idempotencyKey, hash, hold.source(), hold.reason(),
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
            return receipt(tx);
        });
    }

    private String holdStatus(UUID holdId) {
        return jdbc.sql("select status from platform.ledger_hold where tenant_id = platform.current_tenant() and id = ?")
                .param(holdId).query(String.class).optional().orElse(null);
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 100) {
            throw DomainException.invalidField("Idempotency-Key", "a key of 1 to 100 characters is required on every posting");
        }
    }

    private Receipt idempotent(String key, String hash, Supplier<Receipt> posting) {
        requireKey(key);
        try {
            return transactions.execute(status -> replay(key, hash).orElseGet(posting));
        } catch (DuplicateKeyException concurrentTwin) {
            // The same key was posted at the same moment for another wallet: answer what that posting recorded.
            return transactions.execute(status -> replay(key, hash).orElseThrow(() -> concurrentTwin));
        }
    }

    private Optional<Receipt> replay(String key, String hash) {
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

    /** The receipt of a transaction of the current tenant. */
    public Receipt readOnlyReceipt(UUID transactionId) {
        return transactions.execute(status -> receipt(transactionId));
    }

    private Receipt receipt(UUID transactionId) {
        return receipts.of(transactionId);
    }

    private record OpenLot(UUID id, long remaining, @Nullable Instant expiresAt) {
    }

    private static long requireAvailable(List<OpenLot> lots, long points) {
        return requireAvailable(lots, points, 0);
    }

    /** What the member may borrow: the programme's limit for them (their tier's), or else the point type's. */
    private long loanLimit(UUID memberId, PointType type) {
        for (MemberLoanLimits limits : loanLimits) {
            var limit = limits.limit(memberId, type.code());
            if (limit.isPresent()) {
                return limit.getAsLong();
            }
        }
        return type.loanLimit();
    }

    /** The points in {@code lots}, if they and the loan room cover {@code points}; a 422 otherwise. */
    private static long requireAvailable(List<OpenLot> lots, long points, long loanRoom) {
        long available = lots.stream().mapToLong(OpenLot::remaining).sum();
        if (available + loanRoom < points) {
            throw new DomainException(ProblemKind.REFUSED, "insufficient-points", "Insufficient points",
                    "The member has " + available + " points available" + (loanRoom > 0 ? " and may borrow " + loanRoom : "")
                            + "; " + points + " were asked for", List.of());
        }
        return available;
    }

    /** Writes what the posting rule made of a credit: the repaid loan and the new lots. */
    private void credit(UUID tx, LedgerAccounts.Wallet wallet, CreditRule.Credit credit, Instant now) {
        if (credit.repaid() > 0) {
            accounts.setOwed(wallet.id(), credit.owedAfter());
        }
        for (CreditRule.NewLot lot : credit.lots()) {
            creditLot(tx, wallet.id(), lot.points(), now, lot.expiresAt(), lot.availableAt());
        }
    }

    /**
     * Debits {@code points} from the lots in the order given (earliest expiry first), records what it took from each,
     * and returns the portions taken (with their lot's expiry).
     */
    private List<OpenLot> takeFromLots(UUID tx, List<OpenLot> lots, long points) {
        List<OpenLot> taken = new ArrayList<>();
        long left = points;
        for (OpenLot lot : lots) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, lot.remaining());
            rows.changeLot(lot.id(), -take);
            rows.insertMovement(tx, lot.id(), -take);
            taken.add(new OpenLot(lot.id(), take, lot.expiresAt()));
            left -= take;
        }
        return taken;
    }

    /**
     * Credits a new lot of {@code points} to the wallet, expiring at {@code expiresAt} (null: never) and spendable from
     * {@code availableAt} (null: at once).
     */
    private void creditLot(UUID tx, UUID walletId, long points, Instant now, Instant expiresAt, Instant availableAt) {
        UUID lot = LedgerIds.next();
        jdbc.sql("""
                        insert into platform.ledger_lot (tenant_id, id, account_id, transaction_id, original, remaining, earned_at, expires_at,
                                                         available_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(lot, walletId, tx, points, points, utc(now), utc(expiresAt), utc(availableAt))
                .update();
        rows.insertMovement(tx, lot, points);
    }

    private List<OpenLot> spendableLots(UUID walletId, Instant now) {
        return jdbc.sql("""
                        select id, remaining, expires_at from platform.ledger_lot
                        where tenant_id = platform.current_tenant() and account_id = ? and remaining > 0
                          and (expires_at is null or expires_at > ?) and (available_at is null or available_at <= ?)
                        order by expires_at nulls last, earned_at, id""")
                .params(walletId, utc(now), utc(now))
                .query((rs, n) -> new OpenLot(rs.getObject(1, UUID.class), rs.getLong(2), instant(rs.getObject(3, OffsetDateTime.class))))
                .list();
    }

    private void insertTransaction(UUID id, UUID pointTypeId, UUID memberId, String kind, long points, String key, String hash,
                                   String source, String reason, String actor, UUID reverses, long balanceAfter, Instant now) {
        insertTransaction(id, pointTypeId, memberId, kind, points, key, hash, source, reason, actor, reverses, balanceAfter, now, null, null);
    }

    private void insertTransaction(UUID id, UUID pointTypeId, UUID memberId, String kind, long points, String key, String hash,
                                   String source, String reason, String actor, UUID reverses, long balanceAfter, Instant now,
                                   UUID counterparty, Long counterpartyBalanceAfter) {
        jdbc.sql("""
                        insert into platform.ledger_transaction (tenant_id, id, point_type_id, member_id, kind, points, idempotency_key,
                            request_hash, source, reason, actor, reverses_id, balance_after, created_at, counterparty_member_id,
                            counterparty_balance_after)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, pointTypeId, memberId, kind, points, key, hash, source, reason, actor, reverses, balanceAfter, utc(now),
                        counterparty, counterpartyBalanceAfter)
                .update();
    }

    private static void requireActive(Member member) {
        if (member.status() != MemberStatus.ACTIVE) {
            throw LedgerProblems.memberNotActive(member.status().name());
        }
    }

    private ZoneId zone() {
        return ZoneId.of(tenants.current().settings().timeZone());
    }

    private static String hash(Object... parts) {
        var canonical = new StringBuilder();
        for (Object part : parts) {
            canonical.append(Objects.toString(part, "")).append('\u0000');
        }
        return Hashes.sha256Hex(canonical.toString());
    }
}
