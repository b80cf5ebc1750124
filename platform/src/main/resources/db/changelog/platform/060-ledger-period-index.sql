--liquibase formatted sql

--changeset jifen:060-ledger-transaction-period
-- A tenant's ledger transactions of a period (billing's month statement: points issued, redeemed, expired, active
-- members, the movements since the month's end): one range scan instead of the tenant's whole history. Transactions are
-- appended with the time they are made, so the index grows at its right edge per tenant.
create index ledger_transaction_period on platform.ledger_transaction (tenant_id, created_at);
