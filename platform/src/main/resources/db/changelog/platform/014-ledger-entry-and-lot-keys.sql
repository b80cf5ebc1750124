--liquibase formatted sql

--changeset jifen:014-ledger-entry-and-lot-foreign-keys
-- As for lot movements (010): entries and lots are written only by the ledger, in the same statement as the
-- transaction they belong to, on accounts it has just read and locked (accounts are never deleted). Their four key
-- checks took about half of the write statement's time (EXPLAIN ANALYZE of 1,000 earns: 56 of 126 ms, each check an
-- index probe and a row lock per row), and every earn writes two entries and a lot. The reconciliation check proves
-- instead that every entry and lot names an existing transaction and account. The keys to the member stay.
alter table platform.ledger_entry drop constraint ledger_entry_tenant_id_transaction_id_fkey;
alter table platform.ledger_entry drop constraint ledger_entry_tenant_id_account_id_fkey;
alter table platform.ledger_lot drop constraint ledger_lot_tenant_id_account_id_fkey;
alter table platform.ledger_lot drop constraint ledger_lot_tenant_id_transaction_id_fkey;
