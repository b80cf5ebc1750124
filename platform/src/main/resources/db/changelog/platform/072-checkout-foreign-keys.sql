--liquibase formatted sql

--changeset jifen:072-checkout-foreign-keys
-- The foreign keys a checkout still checked (a profile of PostgreSQL under infra/bench/checkout.sh put 4 % of its CPU
-- in RI_FKey_check), dropped for the reason of 009 and 069: each check is a query of its own inside the insert, and
-- one to the tenant's row key-share-locks that row, which every checkout of the tenant does at once, so PostgreSQL
-- built a multixact for about every other checkout. What they guarded holds without them:
-- - a hold's tenant: the ledger writes the hold in the tenant's transaction (row-level security), and no path deletes
--   a tenant row (the ledger's other tables lost this key in 009);
-- - a notification's tenant and member: notifications are written by the platform alone, for the member of an order,
--   task or tier change of the tenant it runs as; no path deletes a tenant or member row;
-- - a stock change's item: every stock change is written with its item's update, in the same statement or
--   transaction, which fails when no item row is there; no path deletes an item row.
alter table platform.ledger_hold drop constraint ledger_hold_tenant_id_fkey;
alter table platform.notification drop constraint notification_tenant_id_fkey;
alter table platform.notification drop constraint notification_tenant_id_member_id_fkey;
alter table platform.mall_stock_change drop constraint mall_stock_change_tenant_id_item_id_fkey;
