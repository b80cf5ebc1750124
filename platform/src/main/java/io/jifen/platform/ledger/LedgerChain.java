package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.ledger.internal.ChainMac;
import io.jifen.platform.ledger.internal.ChainRecords;
import io.jifen.platform.ledger.internal.LedgerProperties;

/**
 * The tamper-evident chain over each tenant's ledger transactions: link n = HMAC-SM3(key, link n-1 || canonical bytes
 * of transaction n and its postings). Postings do not touch it (a per-tenant head row updated by every earn would make
 * all of a tenant's earns queue behind one row lock): they only record the PostgreSQL transaction that wrote them
 * ({@code txid}). {@link #seal()} then links, after the fact, every transaction whose writer has ended, in (txid, id)
 * order: it takes the oldest transaction still running in the database (the snapshot's xmin) as its horizon, so a
 * transaction that commits late is never skipped: it is sealed in a later pass, after the ones sealed before it.
 * Verification ({@link #verify(UUID)}, part of reconciliation) recomputes every link and names the first that does not
 * match.
 */
@Component
class LedgerChain {

    private static final UUID LAST_ID = new UUID(-1L, -1L);
    /** An idle tenant's seal position moves up to the horizon once it lags this many transaction ids behind. */
    private static final long IDLE_ADVANCE = 1_000;

    private record Head(long seq, byte @Nullable [] link, long lastTxid, UUID lastId) {
    }

    private record Pending(UUID id, long txid) {
    }

    private record Link(long seq, UUID transactionId, String keyId, byte[] link) {
    }

    private final JdbcClient jdbc;
    private final ChainMac mac;
    private final ChainRecords records;
    private final Clock clock;
    private final int pageSize;
    private final TransactionTemplate sealing;

    LedgerChain(JdbcClient jdbc, ChainMac mac, ChainRecords records, Clock clock, LedgerProperties properties,
                PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.mac = mac;
        this.records = records;
        this.clock = clock;
        this.pageSize = properties.chain().pageSize();
        this.sealing = new TransactionTemplate(transactionManager);
        this.sealing.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Links the current tenant's transactions whose writers have ended into its chain; returns how many. */
    int seal() {
        int sealed = 0;
        int page;
        do {
            page = sealing.execute(status -> sealPage());
            sealed += page;
        } while (page == pageSize);
        return sealed;
    }

    /** One page, in its own transaction, under the lock of the tenant's head row (so that two sealers take turns). */
    private int sealPage() {
        Head head = lockHead();
        long horizon = jdbc.sql("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint").query(Long.class).single();
        // An index range scan of (tenant_id, txid, id) from the position, a page long.
        List<Pending> pending = jdbc.sql("""
                        select id, txid from platform.ledger_transaction
                        where tenant_id = platform.current_tenant() and txid >= ? and txid < ? and (txid, id) > (?, ?)
                        order by txid, id limit ?""")
                .params(head.lastTxid(), horizon, head.lastTxid(), head.lastId(), pageSize)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list();
        if (pending.isEmpty()) {
            if (horizon - 1 - head.lastTxid() > IDLE_ADVANCE) {
                // Everything below the horizon is sealed: start the next scan there rather than at an old position.
                jdbc.sql("update platform.ledger_chain_head set last_txid = ?, last_transaction_id = ? where tenant_id = platform.current_tenant()")
                        .params(horizon - 1, LAST_ID).update();
            }
            return 0;
        }
        Map<UUID, byte[]> canonical = records.read(pending.stream().map(Pending::id).toList());
        String key = mac.currentKey();
        byte[] previous = head.link() == null ? new byte[0] : head.link();
        long seq = head.seq();
        List<Link> links = new ArrayList<>(pending.size());
        for (Pending transaction : pending) {
            previous = mac.link(key, previous, canonical.get(transaction.id()));
            links.add(new Link(++seq, transaction.id(), key, previous));
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        insert into platform.ledger_chain_link (tenant_id, seq, transaction_id, key_id, link, sealed_at)
                        select platform.current_tenant(), l.seq, l.transaction_id, l.key_id, decode(l.link, 'hex'), ?
                        from unnest(?::bigint[], ?::uuid[], ?::text[], ?::text[]) as l(seq, transaction_id, key_id, link)""")
                .params(now, links.stream().map(Link::seq).toArray(Long[]::new), links.stream().map(Link::transactionId).toArray(UUID[]::new),
                        links.stream().map(Link::keyId).toArray(String[]::new),
                        links.stream().map(l -> HexFormat.of().formatHex(l.link())).toArray(String[]::new))
                .update();
        Pending last = pending.getLast();
        jdbc.sql("""
                        update platform.ledger_chain_head set seq = ?, link = ?, last_txid = ?, last_transaction_id = ?, sealed_at = ?
                        where tenant_id = platform.current_tenant()""")
                .params(seq, previous, last.txid(), last.id(), now)
                .update();
        return pending.size();
    }

    private Head lockHead() {
        var head = selectHead();
        if (head == null) {
            jdbc.sql("insert into platform.ledger_chain_head (tenant_id) values (platform.current_tenant()) on conflict do nothing").update();
            head = selectHead();
        }
        return head;
    }

    private @Nullable Head selectHead() {
        return jdbc.sql("""
                        select seq, link, last_txid, last_transaction_id from platform.ledger_chain_head
                        where tenant_id = platform.current_tenant() for update""")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getObject(4, UUID.class)))
                .optional().orElse(null);
    }

    /** The transactions of the current tenant's chain, in its order. */
    List<UUID> links() {
        return sealing.execute(status -> jdbc.sql(
                        "select transaction_id from platform.ledger_chain_link where tenant_id = platform.current_tenant() order by seq")
                .query(UUID.class).list());
    }

    /**
     * Recomputes the current tenant's chain from its first link and returns what is wrong: the first link that does
     * not match its transaction (that transaction or one of its postings was changed after it was sealed), a link
     * missing from the sequence or naming a transaction that is gone, a head that is not the last link, and
     * transactions the chain skipped. Call {@link #seal()} first, so that every finished transaction is in the chain.
     */
    List<String> verify(UUID tenant) {
        List<String> violations = new ArrayList<>();
        // The head as it is now: links a concurrent sealer adds after it are checked next time. (The tenant is bound,
        // not read from the session, so that reconciliation's custom plans apply: see LedgerReconciliation.)
        Head head = jdbc.sql("""
                        select seq, link, last_txid, last_transaction_id from platform.ledger_chain_head
                        where tenant_id = ?""")
                .param(tenant)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getObject(4, UUID.class)))
                .optional().orElse(new Head(0, null, -1, LAST_ID));
        byte[] previous = new byte[0];
        long seq = 0;
        boolean broken = false;
        while (!broken && seq < head.seq()) {
            List<Link> page = jdbc.sql("""
                            select seq, transaction_id, key_id, link from platform.ledger_chain_link
                            where tenant_id = platform.current_tenant() and seq > ? and seq <= ? order by seq limit ?""")
                    .params(seq, head.seq(), pageSize)
                    .query((rs, n) -> new Link(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getBytes(4)))
                    .list();
            if (page.isEmpty()) {
                break;
            }
            Map<UUID, byte[]> canonical = records.read(page.stream().map(Link::transactionId).toList());
            for (Link link : page) {
                broken = true;
                if (link.seq() != seq + 1) {
                    violations.add("the ledger chain is broken after link " + seq + ": the next link is " + link.seq());
                } else if (!canonical.containsKey(link.transactionId())) {
                    violations.add("the ledger chain is broken at link " + link.seq() + ": transaction " + link.transactionId()
                            + " is gone");
                } else if (!mac.knows(link.keyId())) {
                    violations.add("the ledger chain cannot be verified from link " + link.seq() + ": its key " + link.keyId()
                            + " is not configured");
                } else if (!Arrays.equals(mac.link(link.keyId(), previous, canonical.get(link.transactionId())), link.link())) {
                    violations.add("the ledger chain is broken at link " + link.seq() + ": transaction " + link.transactionId()
                            + " or its postings were changed after it was sealed");
                } else {
                    broken = false;
                }
                if (broken) {
                    break;
                }
                previous = link.link();
                seq = link.seq();
            }
        }
        if (!broken && (seq != head.seq() || !Arrays.equals(head.link() == null ? new byte[0] : head.link(), previous))) {
            violations.add("the ledger chain's head is link " + head.seq() + " but the chain ends at link " + seq
                    + " (links were removed or replaced)");
        }
        jdbc.sql("""
                        select t.id from platform.ledger_transaction t
                        where t.tenant_id = platform.current_tenant() and t.txid <= ? and (t.txid, t.id) <= (?, ?)
                          and not exists (select 1 from platform.ledger_chain_link l where l.tenant_id = t.tenant_id and l.transaction_id = t.id)
                        limit 100""")
                .params(head.lastTxid(), head.lastTxid(), head.lastId())
                .query(rs -> {
                    violations.add("transaction " + rs.getObject(1) + " is not in the ledger chain although the chain was sealed past it");
                });
        return violations;
    }
}
