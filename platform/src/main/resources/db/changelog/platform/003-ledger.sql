--liquibase formatted sql

--changeset jifen:003-point-type-expiry
alter table platform.point_type
    add column expiry_policy varchar(16) not null default 'NEVER'
        check (expiry_policy in ('NEVER', 'ROLLING_MONTHS', 'YEAR_END')),
    -- ROLLING_MONTHS: months after earning; YEAR_END: points earned in year Y expire at the end of year Y + expiry_years.
    add column expiry_months int not null default 0 check (expiry_months between 0 and 120),
    add column expiry_years int not null default 0 check (expiry_years between 0 and 10);

--changeset jifen:003-ledger
-- Double-entry and append-only: a transaction is a set of entries (lines) whose amounts sum to zero.
create table platform.ledger_account (
    tenant_id     uuid        not null references platform.tenant (id),
    id            uuid        not null,
    point_type_id uuid        not null,
    kind          varchar(16) not null check (kind in ('WALLET', 'ISSUANCE', 'REDEEMED', 'EXPIRED')),
    member_id     uuid,
    -- Kept for member wallets only (their rows are locked per posting anyway); system accounts are summed from entries.
    balance       bigint      not null default 0,
    primary key (tenant_id, id),
    unique nulls not distinct (tenant_id, point_type_id, kind, member_id),
    foreign key (tenant_id, point_type_id) references platform.point_type (tenant_id, id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id),
    check ((kind = 'WALLET') = (member_id is not null))
);

create table platform.ledger_transaction (
    tenant_id       uuid         not null references platform.tenant (id),
    id              uuid         not null,
    point_type_id   uuid         not null,
    member_id       uuid         not null,
    kind            varchar(16)  not null check (kind in ('EARN', 'SPEND', 'REFUND', 'EXPIRE', 'ADJUST')),
    points          bigint       not null check (points > 0),
    idempotency_key varchar(100) not null,
    request_hash    char(64)     not null,
    source          varchar(64),
    reason          varchar(200),
    actor           varchar(100),
    reverses_id     uuid,
    -- The wallet's ledger balance after this transaction, for receipts and statements (明细).
    balance_after   bigint       not null,
    created_at      timestamptz  not null,
    primary key (tenant_id, id),
    unique (tenant_id, idempotency_key),
    foreign key (tenant_id, point_type_id) references platform.point_type (tenant_id, id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id),
    foreign key (tenant_id, reverses_id) references platform.ledger_transaction (tenant_id, id)
);
create index ledger_transaction_statement on platform.ledger_transaction (tenant_id, member_id, created_at desc);
create index ledger_transaction_reversals on platform.ledger_transaction (tenant_id, reverses_id) where reverses_id is not null;

create table platform.ledger_entry (
    tenant_id      uuid     not null references platform.tenant (id),
    transaction_id uuid     not null,
    line           smallint not null,
    account_id     uuid     not null,
    amount         bigint   not null check (amount <> 0),
    primary key (tenant_id, transaction_id, line),
    foreign key (tenant_id, transaction_id) references platform.ledger_transaction (tenant_id, id),
    foreign key (tenant_id, account_id) references platform.ledger_account (tenant_id, id)
);
create index ledger_entry_account on platform.ledger_entry (tenant_id, account_id);

-- A lot is one credit to a wallet, with its expiry; debits take from lots, earliest expiry first.
create table platform.ledger_lot (
    tenant_id      uuid        not null references platform.tenant (id),
    id             uuid        not null,
    account_id     uuid        not null,
    transaction_id uuid        not null,
    original       bigint      not null check (original > 0),
    remaining      bigint      not null check (remaining >= 0 and remaining <= original),
    earned_at      timestamptz not null,
    expires_at     timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, account_id) references platform.ledger_account (tenant_id, id),
    foreign key (tenant_id, transaction_id) references platform.ledger_transaction (tenant_id, id)
);
create index ledger_lot_open on platform.ledger_lot (tenant_id, account_id, expires_at) where remaining > 0;

-- Which lots a transaction took from (negative) or gave back to (positive): refunds restore exactly these.
create table platform.ledger_lot_movement (
    tenant_id      uuid   not null references platform.tenant (id),
    transaction_id uuid   not null,
    lot_id         uuid   not null,
    amount         bigint not null check (amount <> 0),
    primary key (tenant_id, transaction_id, lot_id),
    foreign key (tenant_id, transaction_id) references platform.ledger_transaction (tenant_id, id),
    foreign key (tenant_id, lot_id) references platform.ledger_lot (tenant_id, id)
);
create index ledger_lot_movement_lot on platform.ledger_lot_movement (tenant_id, lot_id);

-- Postings are never changed: a correction is a new transaction.
create function platform.refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end $$;
create trigger ledger_transaction_append_only before update or delete on platform.ledger_transaction
    for each row execute function platform.refuse_change();
create trigger ledger_entry_append_only before update or delete on platform.ledger_entry
    for each row execute function platform.refuse_change();
create trigger ledger_lot_movement_append_only before update or delete on platform.ledger_lot_movement
    for each row execute function platform.refuse_change();

alter table platform.ledger_account enable row level security;
alter table platform.ledger_account force row level security;
create policy tenant_isolation on platform.ledger_account
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
alter table platform.ledger_transaction enable row level security;
alter table platform.ledger_transaction force row level security;
create policy tenant_isolation on platform.ledger_transaction
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
alter table platform.ledger_entry enable row level security;
alter table platform.ledger_entry force row level security;
create policy tenant_isolation on platform.ledger_entry
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
alter table platform.ledger_lot enable row level security;
alter table platform.ledger_lot force row level security;
create policy tenant_isolation on platform.ledger_lot
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
alter table platform.ledger_lot_movement enable row level security;
alter table platform.ledger_lot_movement force row level security;
create policy tenant_isolation on platform.ledger_lot_movement
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
