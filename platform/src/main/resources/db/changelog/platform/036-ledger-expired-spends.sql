--liquibase formatted sql

--changeset jifen:036-ledger-expired-spend-kinds
-- 积分复活节: SPEND_EXPIRED spends points that expired within the last year (expired account -> redeemed), REFUND_EXPIRED
-- gives them back to the expired account. Neither touches the member's wallet or lots.
alter table platform.ledger_transaction drop constraint ledger_transaction_kind_check;
alter table platform.ledger_transaction add constraint ledger_transaction_kind_check
    check (kind in ('EARN', 'SPEND', 'REFUND', 'EXPIRE', 'ADJUST', 'HOLD', 'CAPTURE', 'RELEASE', 'TRANSFER', 'CLAWBACK',
                    'SPEND_EXPIRED', 'REFUND_EXPIRED'));

--changeset jifen:036-ledger-expired-movement
-- What a SPEND_EXPIRED took from (negative) and its refunds gave back to (positive) each lot's expired points: a lot's
-- revivable points are what EXPIRE transactions booked out of it plus these. Kept apart from ledger_lot_movement, whose
-- movements are the lot's remaining points (reconciliation proves remaining = their sum). Append-only, few rows (only
-- festival spends write here), so it keeps its foreign keys.
create table platform.ledger_expired_movement (
    tenant_id      uuid   not null,
    transaction_id uuid   not null,
    lot_id         uuid   not null,
    amount         bigint not null check (amount <> 0),
    primary key (tenant_id, transaction_id, lot_id),
    foreign key (tenant_id, transaction_id) references platform.ledger_transaction (tenant_id, id),
    foreign key (tenant_id, lot_id) references platform.ledger_lot (tenant_id, id)
);
create index ledger_expired_movement_lot on platform.ledger_expired_movement (tenant_id, lot_id);
create trigger ledger_expired_movement_append_only before update or delete on platform.ledger_expired_movement
    for each row execute function platform.refuse_change();
select platform.enable_tenant_isolation('platform.ledger_expired_movement');
