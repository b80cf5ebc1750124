--liquibase formatted sql

--changeset jifen:008-ledger-pending
-- Points earned on an order can be spent only after the return window (pending_days after earning).
alter table platform.point_type add column pending_days int not null default 0 check (pending_days between 0 and 365);
alter table platform.ledger_lot add column available_at timestamptz;
