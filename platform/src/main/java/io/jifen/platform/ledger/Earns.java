package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.ledger.internal.CreditRule;
import io.jifen.platform.ledger.internal.EarnBatch;
import io.jifen.platform.ledger.internal.EarnCommitter;
import io.jifen.platform.ledger.internal.EarnOutcome;
import io.jifen.platform.ledger.internal.EarnRequest;
import io.jifen.platform.ledger.internal.LedgerAccounts;
import io.jifen.platform.ledger.internal.LedgerAccounts.Kind;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Earns: group-committed with concurrent ones ({@link EarnCommitter}) outside a caller's transaction, posted many at
 * once ({@link EarnBatch}) for a batch of earning events, and posted on their own inside a caller's transaction or
 * when the committer cannot take them.
 */
@Component
class Earns {

    private final Postings postings;
    private final LedgerRows rows;
    private final LedgerAccounts accounts;
    private final PointTypeCatalog pointTypes;
    private final MemberDirectory members;
    private final Clock clock;
    private final EarnCommitter committer;
    private final EarnBatch batch;
    private final TransactionTemplate transactions;

    Earns(Postings postings, LedgerRows rows, LedgerAccounts accounts, PointTypeCatalog pointTypes, MemberDirectory members, Clock clock,
          EarnCommitter committer, EarnBatch batch, PlatformTransactionManager transactionManager) {
        this.postings = postings;
        this.rows = rows;
        this.accounts = accounts;
        this.pointTypes = pointTypes;
        this.members = members;
        this.clock = clock;
        this.committer = committer;
        this.batch = batch;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    Receipt earn(String idempotencyKey, Ledger.Earn earn) {
        Postings.requireKey(idempotencyKey);
        String hash = earn.hash();
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return earnAlone(idempotencyKey, hash, earn);
        }
        return committer.earn(new EarnRequest(TenantContext.require(), idempotencyKey, hash, earn))
                .map(EarnOutcome::receiptOrThrow)
                .orElseGet(() -> earnAlone(idempotencyKey, hash, earn));
    }

    List<Receipt> earnAll(List<Ledger.KeyedEarn> earns) {
        UUID tenant = TenantContext.require();
        List<EarnRequest> requests = new ArrayList<>(earns.size());
        for (Ledger.KeyedEarn keyed : earns) {
            Postings.requireKey(keyed.idempotencyKey());
            requests.add(new EarnRequest(tenant, keyed.idempotencyKey(), keyed.earn().hash(), keyed.earn()));
        }
        List<EarnOutcome> outcomes = transactions.execute(status -> batch.post(requests));
        return outcomes.stream().map(EarnOutcome::receiptOrThrow).toList();
    }

    private Receipt earnAlone(String idempotencyKey, String hash, Ledger.Earn earn) {
        return postings.idempotent(idempotencyKey, hash, () -> {
            PointType type = pointTypes.byCode(earn.pointType());
            Postings.requireActive(members.status(earn.memberId()));
            var wallet = accounts.lockWallet(type.id(), earn.memberId());
            Optional<Receipt> replay = postings.replay(idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            CreditRule.Credit credit = CreditRule.of(type).earn(wallet.owed(), earn.points(), earn.expiresAt(), earn.pendingDays(), now,
                    postings::zone);
            UUID tx = TimeOrderedIds.next();
            long balance = wallet.balance() + earn.points();
            rows.insertTransaction(tx, type.id(), earn.memberId(), "EARN", earn.points(), idempotencyKey, hash, earn.source(), earn.reason(),
                    earn.actor(), null, balance, now);
            rows.insertEntries(tx, accounts.system(type.id(), Kind.ISSUANCE), wallet.id(), earn.points());
            postings.credit(tx, wallet, credit, now);
            accounts.setWalletBalance(wallet.id(), balance);
            return postings.receipt(tx);
        });
    }
}
