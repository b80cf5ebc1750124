--liquibase formatted sql

--changeset jifen:015-ledger-transaction-xid
-- The PostgreSQL transaction that wrote each ledger transaction (64-bit, never wraps). The chain sealer links a
-- tenant's transactions in (txid, id) order once every transaction below the oldest one still running has ended, so
-- it never skips one that commits late. Existing rows get this changeset's id (a volatile default is evaluated per row
-- when the column is added, without firing the append-only trigger). BRIN, not btree: txids grow with the table's
-- physical order, so a block-range index finds the recent rows the sealer asks for and costs next to nothing per
-- insert (a btree entry per earn would not).
alter table platform.ledger_transaction add column txid bigint not null default (pg_current_xact_id()::text::bigint);
create index ledger_transaction_txid on platform.ledger_transaction using brin (txid) with (pages_per_range = 16, autosummarize = on);

--changeset jifen:015-ledger-chain
-- Tamper evidence: each tenant's sealed ledger transactions form a chain, link n = HMAC-SM3(key, link n-1 || the
-- canonical bytes of transaction n with its entries, lot movements and the lots it opened). A sibling table rather than
-- a column because links are computed after the posting commits (see the sealer) and transactions are append-only.
create table platform.ledger_chain_link (
    tenant_id      uuid        not null,
    seq            bigint      not null check (seq > 0),
    transaction_id uuid        not null,
    key_id         varchar(32) not null,
    link           bytea       not null,
    sealed_at      timestamptz not null,
    primary key (tenant_id, seq),
    unique (tenant_id, transaction_id)
);
create trigger ledger_chain_link_append_only before update or delete on platform.ledger_chain_link
    for each row execute function platform.refuse_change();
select platform.enable_tenant_isolation('platform.ledger_chain_link');

-- The end of each tenant's chain and how far the sealer got, in (txid, transaction id) order. Only the sealer writes
-- it (one row per tenant, locked while it seals a page), never a posting.
create table platform.ledger_chain_head (
    tenant_id           uuid        not null primary key references platform.tenant (id),
    seq                 bigint      not null default 0,
    link                bytea,
    last_txid           bigint      not null default -1,
    last_transaction_id uuid        not null default '00000000-0000-0000-0000-000000000000',
    sealed_at           timestamptz
);
select platform.enable_tenant_isolation('platform.ledger_chain_head');
