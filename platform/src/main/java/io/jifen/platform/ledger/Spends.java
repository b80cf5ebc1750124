package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.Postings.OpenLot;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.member.MemberDirectory;

/** Spends: points a member redeems, beyond their lots up to what they may borrow (积分借贷). */
@Component
class Spends {

    private final Postings postings;
    private final LedgerRows rows;
    private final LedgerAccounts accounts;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final Clock clock;
    private final List<MemberLoanLimits> loanLimits;

    Spends(Postings postings, LedgerRows rows, LedgerAccounts accounts, PointTypeCatalog pointTypes, MemberDirectory members,
           Clock clock, List<MemberLoanLimits> loanLimits) {
        this.postings = postings;
        this.rows = rows;
        this.accounts = accounts;
        this.pointTypes = pointTypes;
        this.members = members;
        this.clock = clock;
        this.loanLimits = loanLimits;
    }

    Receipt spend(String idempotencyKey, Ledger.Spend spend) {
        String hash = Postings.hash("SPEND", spend.memberId(), spend.pointType(), spend.points(), spend.source(), spend.reason(), null);
        return postings.idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(spend.pointType());
            Postings.requireActive(members.status(spend.memberId()));
            var wallet = accounts.lockWallet(type.id(), spend.memberId());
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            List<OpenLot> lots = postings.spendableLots(wallet.id(), now);
            long loanRoom = Math.max(0, loanLimit(spend.memberId(), type) - wallet.owed());
            long fromLots = Math.min(spend.points(), Postings.requireAvailable(lots, spend.points(), loanRoom));
            UUID tx = TimeOrderedIds.next();
            long balance = wallet.balance() - spend.points();
            rows.insertTransaction(tx, type.id(), spend.memberId(), "SPEND", spend.points(), idempotencyKey, hash, spend.source(), spend.reason(),
                    spend.actor(), null, balance, now);
            rows.insertEntries(tx, wallet.id(), accounts.system(type.id(), Kind.REDEEMED), spend.points());
            postings.takeFromLots(tx, lots, fromLots);
            if (spend.points() > fromLots) {
                // 积分借贷: the rest is a loan, repaid by the member's next credits.
                accounts.setOwed(wallet.id(), wallet.owed() + spend.points() - fromLots);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            return postings.receipt(tx);
        });
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
}
