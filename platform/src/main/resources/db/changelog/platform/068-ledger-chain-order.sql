--liquibase formatted sql

--changeset jifen:068-ledger-transaction-chain-order runInTransaction:false
-- The chain sealer asks for a tenant's next page of transactions in (txid, id) order. With only the BRIN index on txid,
-- PostgreSQL combined it with a btree on tenant_id (a bitmap AND), which reads every index entry of the tenant's whole
-- history on each page: 26 ms a page at 49,000 transactions a tenant, growing with the ledger, a tenth of the
-- database's time under a checkout load. A btree in exactly that order answers a page from its position, whatever
-- the history; it costs one index entry a posting, which the group-committed earns write set-based. Built and dropped
-- concurrently (outside a transaction): postings go on while a large ledger is indexed.
create index concurrently ledger_transaction_chain_order on platform.ledger_transaction (tenant_id, txid, id);
drop index concurrently platform.ledger_transaction_txid;
