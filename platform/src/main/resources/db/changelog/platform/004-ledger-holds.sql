--liquibase formatted sql

--changeset jifen:004-ledger-holds
alter table platform.ledger_transaction drop constraint ledger_transaction_kind_check;
alter table platform.ledger_transaction add constraint ledger_transaction_kind_check
    check (kind in ('EARN', 'SPEND', 'REFUND', 'EXPIRE', 'ADJUST', 'HOLD', 'CAPTURE', 'RELEASE'));
alter table platform.ledger_account drop constraint ledger_account_kind_check;
alter table platform.ledger_account add constraint ledger_account_kind_check
    check (kind in ('WALLET', 'ISSUANCE', 'REDEEMED', 'EXPIRED', 'HELD'));

-- A two-phase spend: points reserved at checkout (the HOLD transaction took them from lots), then captured
-- (they become redeemed) or released (they go back to exactly those lots). A hold not settled by expires_at is released.
create table platform.ledger_hold (
    tenant_id     uuid        not null references platform.tenant (id),
    id            uuid        not null,
    member_id     uuid        not null,
    point_type_id uuid        not null,
    points        bigint      not null check (points > 0),
    status        varchar(16) not null check (status in ('HELD', 'CAPTURED', 'RELEASED')),
    expires_at    timestamptz not null,
    settled_by    uuid,
    primary key (tenant_id, id),
    foreign key (tenant_id, id) references platform.ledger_transaction (tenant_id, id),
    foreign key (tenant_id, settled_by) references platform.ledger_transaction (tenant_id, id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
create index ledger_hold_open on platform.ledger_hold (tenant_id, expires_at) where status = 'HELD';
alter table platform.ledger_hold enable row level security;
alter table platform.ledger_hold force row level security;
create policy tenant_isolation on platform.ledger_hold
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
