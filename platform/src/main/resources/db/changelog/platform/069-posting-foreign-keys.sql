--liquibase formatted sql

--changeset jifen:069-posting-foreign-keys
-- Foreign keys that every checkout paid 10 times over (about 10 % of its throughput in infra/bench/checkout.sh:
-- 302-308 against 335-342 checkouts a second, the same load with and without them): each check is a query of its own
-- inside the insert, and one to the member share-locks the member's row, which writes the row's header and a WAL
-- record. What they guarded holds without them, as with the keys to the tenant and point type dropped earlier (009):
-- - a ledger transaction's member is the owner of the wallet the posting locked, and a wallet's member is checked by
--   the wallet's own key (ledger_account -> member, kept); no path deletes a member row;
-- - a hold and the transactions it names, a capture and the hold it reverses, are written together by the ledger
--   alone, in one round trip; the ledger's reconciliation checks every transaction against its entries and lots;
-- - an order's steps are written with the order (one statement) or under its lock.
alter table platform.ledger_transaction drop constraint ledger_transaction_tenant_id_member_id_fkey;
alter table platform.ledger_transaction drop constraint ledger_transaction_tenant_id_reverses_id_fkey;
alter table platform.ledger_hold drop constraint ledger_hold_tenant_id_member_id_fkey;
alter table platform.ledger_hold drop constraint ledger_hold_tenant_id_id_fkey;
alter table platform.ledger_hold drop constraint ledger_hold_tenant_id_settled_by_fkey;
alter table platform.redemption_order_step drop constraint redemption_order_step_tenant_id_order_id_fkey;
