--liquibase formatted sql

--changeset jifen:009-ledger-redundant-foreign-keys
-- Every foreign key check on insert locks the parent row FOR KEY SHARE. A key to platform.tenant, or to the tenant's
-- point type, on each posting's rows makes every posting of a tenant share-lock the same parent row: PostgreSQL then
-- builds multixacts for it and the checks dominate the write path. These keys are implied by the composite keys
-- that stay: a transaction's, entry's, lot's or movement's tenant_id is part of its key to the member, the account
-- or the transaction, whose own tenant_id references platform.tenant; and a transaction's point type is the one of
-- the accounts its entries move between, each with its key to the point type.
alter table platform.ledger_transaction drop constraint ledger_transaction_tenant_id_fkey;
alter table platform.ledger_transaction drop constraint ledger_transaction_tenant_id_point_type_id_fkey;
alter table platform.ledger_entry drop constraint ledger_entry_tenant_id_fkey;
alter table platform.ledger_lot drop constraint ledger_lot_tenant_id_fkey;
alter table platform.ledger_lot_movement drop constraint ledger_lot_movement_tenant_id_fkey;

--changeset jifen:009-ledger-lot-due
-- The expiry run walks each tenant's due lots in (expiry, id) order; without this index every page sorted all open lots.
create index ledger_lot_due on platform.ledger_lot (tenant_id, expires_at, id) where remaining > 0 and expires_at is not null;
