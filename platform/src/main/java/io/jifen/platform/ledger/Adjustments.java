package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.Postings.OpenLot;
import io.jifen.platform.ledger.internal.CreditRule;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;

/** An administrator's corrections: a positive one credits a lot, a negative one debits lots. */
@Component
class Adjustments {

    private final Postings postings;
    private final LedgerRows rows;
    private final LedgerAccounts accounts;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final Clock clock;
    private final AuditTrail audit;

    Adjustments(Postings postings, LedgerRows rows, LedgerAccounts accounts, PointTypeCatalog pointTypes,
                MemberDirectory members, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.postings = postings;
        this.rows = rows;
        this.accounts = accounts;
        this.pointTypes = pointTypes;
        this.members = members;
        this.clock = clock;
    }

    /** A member's points of one type as the audit log shows an adjustment: the balance, and the posting that changed it. */
    record PointsState(String pointType, long balance, @org.jspecify.annotations.Nullable UUID transactionId,
                       @org.jspecify.annotations.Nullable String reason) {
    }

    Receipt adjust(String idempotencyKey, Ledger.Adjust adjust) {
        if (adjust.points() == 0) {
            throw DomainException.invalidField("points", "an adjustment must not be zero");
        }
        if (adjust.reason() == null || adjust.reason().isBlank() || adjust.actor() == null || adjust.actor().isBlank()) {
            throw DomainException.invalidField("reason", "an adjustment needs a reason and the acting user");
        }
        String hash = Postings.hash("ADJUST", adjust.memberId(), adjust.pointType(), adjust.points(), null, adjust.reason(), null);
        return postings.idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(adjust.pointType());
            members.status(adjust.memberId());
            var wallet = accounts.lockWallet(type.id(), adjust.memberId());
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            long points = Math.abs(adjust.points());
            UUID tx = TimeOrderedIds.next();
            UUID issuance = accounts.system(type.id(), Kind.ISSUANCE);
            long balance = wallet.balance() + adjust.points();
            List<OpenLot> lots = adjust.points() < 0 ? postings.spendableLots(wallet.id(), now) : List.of();
            if (adjust.points() < 0) {
                Postings.requireAvailable(lots, points);
            }
            rows.insertTransaction(tx, type.id(), adjust.memberId(), "ADJUST", points, idempotencyKey, hash, "adjustment", adjust.reason(),
                    adjust.actor(), null, balance, now);
            if (adjust.points() > 0) {
                rows.insertEntries(tx, issuance, wallet.id(), points);
                postings.credit(tx, wallet, CreditRule.of(type).issue(wallet.owed(), points, now, postings::zone), now);
            } else {
                rows.insertEntries(tx, wallet.id(), issuance, points);
                postings.takeFromLots(tx, lots, points);
            }
            accounts.setWalletBalance(wallet.id(), balance);
            Receipt receipt = postings.receipt(tx);
            audit.record(AuditedChange.of("member-points", adjust.memberId(), new PointsState(type.code(), wallet.balance(), null, null),
                    new PointsState(type.code(), balance, tx, adjust.reason())));
            return receipt;
        });
    }
}
