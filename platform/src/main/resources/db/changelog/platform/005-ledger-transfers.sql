--liquibase formatted sql

--changeset jifen:005-ledger-transfers
alter table platform.ledger_transaction drop constraint ledger_transaction_kind_check;
alter table platform.ledger_transaction add constraint ledger_transaction_kind_check
    check (kind in ('EARN', 'SPEND', 'REFUND', 'EXPIRE', 'ADJUST', 'HOLD', 'CAPTURE', 'RELEASE', 'TRANSFER'));
-- A transfer (积分转赠) moves points from member_id to counterparty_member_id.
alter table platform.ledger_transaction
    add column counterparty_member_id uuid,
    add column counterparty_balance_after bigint,
    add constraint ledger_transaction_counterparty_fk foreign key (tenant_id, counterparty_member_id)
        references platform.member (tenant_id, id);
create index ledger_transaction_counterparty_statement on platform.ledger_transaction (tenant_id, counterparty_member_id, created_at desc)
    where counterparty_member_id is not null;
-- Points a member may give away per day (in the tenant's time zone); 0 turns transfers off.
alter table platform.point_type
    add column transfer_daily_limit bigint not null default 0 check (transfer_daily_limit >= 0);
