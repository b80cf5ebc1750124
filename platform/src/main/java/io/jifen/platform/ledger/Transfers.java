package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.Postings.OpenLot;
import io.jifen.platform.ledger.internal.CreditRule;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

import static io.jifen.platform.ledger.LedgerRows.utc;

/** 积分转赠: points from one member to another of the same tenant, within the point type's daily limit. */
@Component
class Transfers {

    private final Postings postings;
    private final LedgerRows rows;
    private final LedgerAccounts accounts;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final JdbcClient jdbc;
    private final Clock clock;

    Transfers(Postings postings, LedgerRows rows, LedgerAccounts accounts, PointTypeCatalog pointTypes, MemberDirectory members,
              JdbcClient jdbc, Clock clock) {
        this.postings = postings;
        this.rows = rows;
        this.accounts = accounts;
        this.pointTypes = pointTypes;
        this.members = members;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Receipt transfer(String idempotencyKey, Ledger.Transfer transfer) {
        if (transfer.fromMemberId().equals(transfer.toMemberId())) {
            throw DomainException.invalidField("toMemberId", "a member cannot transfer points to itself");
        }
        String hash = Postings.hash("TRANSFER", transfer.fromMemberId(), transfer.pointType(), transfer.points(), transfer.toMemberId(),
                transfer.reason(), null);
        return postings.idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(transfer.pointType());
            Postings.requireActive(members.status(transfer.fromMemberId()));
            Postings.requireActive(members.status(transfer.toMemberId()));
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
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            ZoneId zone = postings.zone();
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
            List<OpenLot> lots = postings.spendableLots(from.id(), now);
            Postings.requireAvailable(lots, transfer.points());
            UUID tx = TimeOrderedIds.next();
            long fromBalance = from.balance() - transfer.points();
            long toBalance = to.balance() + transfer.points();
            rows.insertTransaction(tx, type.id(), transfer.fromMemberId(), "TRANSFER", transfer.points(), idempotencyKey, hash, "transfer",
                    transfer.reason(), transfer.actor(), null, fromBalance, now, transfer.toMemberId(), toBalance);
            rows.insertEntries(tx, from.id(), to.id(), transfer.points());
            List<CreditRule.Portion> moved = postings.takeFromLots(tx, lots, transfer.points()).stream()
                    .map(lot -> new CreditRule.Portion(lot.remaining(), lot.expiresAt())).toList();
            postings.credit(tx, to, CreditRule.transferIn(to.owed(), moved), now);
            accounts.setWalletBalance(from.id(), fromBalance);
            accounts.setWalletBalance(to.id(), toBalance);
            return postings.receipt(tx);
        });
    }
}
