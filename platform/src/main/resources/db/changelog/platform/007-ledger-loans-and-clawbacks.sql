--liquibase formatted sql

--changeset jifen:007-ledger-loans-and-clawbacks
-- What a member owes (a points loan, or a clawback under the NEGATIVE policy); later credits repay it first.
-- Invariant: a wallet's balance = its open lots - owed.
alter table platform.ledger_account add column owed bigint not null default 0 check (owed >= 0);
alter table platform.point_type
    -- How far beyond their balance members may spend (积分借贷); 0: no loans.
    add column loan_limit bigint not null default 0 check (loan_limit >= 0),
    -- When a refunded order's points were spent already: go NEGATIVE (owe them), take them from OTHER_LOTS, or WAIVE them.
    add column clawback_policy varchar(16) not null default 'OTHER_LOTS' check (clawback_policy in ('NEGATIVE', 'OTHER_LOTS', 'WAIVE'));
alter table platform.ledger_transaction drop constraint ledger_transaction_kind_check;
alter table platform.ledger_transaction add constraint ledger_transaction_kind_check
    check (kind in ('EARN', 'SPEND', 'REFUND', 'EXPIRE', 'ADJUST', 'HOLD', 'CAPTURE', 'RELEASE', 'TRANSFER', 'CLAWBACK'));
