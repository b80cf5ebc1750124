--liquibase formatted sql

--changeset jifen:billing-001-schema splitStatements:false
create schema if not exists billing;

-- Row-level security keyed on the transaction-local setting app.tenant_id, as the platform and the hub do; billing's
-- own functions: it does not depend on the platform's schema.
create function billing.current_tenant() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create function billing.enable_tenant_isolation(target regclass) returns void language plpgsql as $$
begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format('create policy tenant_isolation on %s using (tenant_id = billing.current_tenant())'
                   ' with check (tenant_id = billing.current_tenant())', target);
end
$$;

--changeset jifen:billing-001-current-tenant-grant
grant execute on function billing.current_tenant() to ${app_role};

--changeset jifen:billing-001-plans
-- The operator's price list. A plan is changed by adding a version; a version is never changed once a subscription
-- names it. Prices in fen; rates in basis points (1/100 of a percent).
create table billing.plan (
    code                    varchar(40)  not null,
    version                 integer      not null check (version > 0),
    name                    varchar(100) not null,
    base_fee_fen            bigint       not null check (base_fee_fen >= 0),
    included_members        bigint       not null check (included_members >= 0),
    overage_fen_per_member  bigint       not null check (overage_fen_per_member >= 0),
    service_fee_bp          integer      not null check (service_fee_bp between 0 and 10000),
    goods_margin_bp         integer      not null check (goods_margin_bp between 0 and 10000),
    notification_fen        bigint       not null check (notification_fen >= 0),
    tax_bp                  integer      not null check (tax_bp between 0 and 10000),
    created_at              timestamptz  not null default now(),
    primary key (code, version)
);

-- The tenants billing knows (an id, nothing else), registered on their first subscription; the monthly run walks it.
create table billing.tenant (
    id            uuid        primary key,
    registered_at timestamptz not null default now()
);

--changeset jifen:billing-001-subscriptions
-- A tenant on a plan version from starts_on (inclusive) to ends_on (exclusive, null: open), in the billing time zone's
-- days. A change of plan ends one row and starts the next on the same day; days before trial_ends_on are free.
create table billing.subscription (
    tenant_id     uuid        not null references billing.tenant (id),
    id            uuid        not null,
    plan_code     varchar(40) not null,
    plan_version  integer     not null,
    starts_on     date        not null,
    ends_on       date,
    trial_ends_on date,
    created_at    timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (plan_code, plan_version) references billing.plan (code, version),
    check (ends_on is null or ends_on > starts_on)
);
create index subscription_tenant_period on billing.subscription (tenant_id, starts_on);

--changeset jifen:billing-001-usage
-- Metered usage, one row per event the platform reports, idempotent by its key (an order completed twice is one row).
-- invoice_id is set by the run that bills it; usage that arrives after its month was invoiced is billed on the next
-- invoice as an adjustment. Amounts are signed: a refund is negative.
create table billing.usage_record (
    tenant_id      uuid         not null references billing.tenant (id),
    id             bigint       generated always as identity,
    key            varchar(200) not null,
    kind           varchar(16)  not null check (kind in ('REDEMPTION', 'REFUND', 'NOTIFICATION')),
    occurred_at    timestamptz  not null,
    redemption_fen bigint       not null default 0,
    goods_cost_fen bigint       not null default 0,
    quantity       bigint       not null default 0,
    invoice_id     uuid,
    recorded_at    timestamptz  not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, key)
);
create index usage_record_unbilled on billing.usage_record (tenant_id, occurred_at) where invoice_id is null;

--changeset jifen:billing-001-invoices
-- One invoice per tenant and month (the run's guarantee against a second invoice). DRAFT until its grace period ends,
-- then FINALIZED and immutable (triggers below): corrections are credit notes, or adjustment lines on a later invoice.
-- The month statement (points issued, redeemed, expired, the liability at month end in fen, active members) is part of it.
create sequence billing.invoice_number;
create table billing.invoice (
    tenant_id        uuid        not null references billing.tenant (id),
    id               uuid        not null,
    number           varchar(32) not null,
    period           date        not null check (extract(day from period) = 1),
    status           varchar(16) not null check (status in ('DRAFT', 'FINALIZED')),
    currency         char(3)     not null default 'CNY',
    subtotal_fen     bigint      not null,
    tax_fen          bigint      not null,
    total_fen        bigint      not null,
    active_members   bigint      not null,
    points_issued    bigint      not null,
    points_redeemed  bigint      not null,
    points_expired   bigint      not null,
    liability_fen    bigint      not null,
    issued_at        timestamptz not null,
    finalize_after   timestamptz not null,
    finalized_at     timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, period),
    unique (tenant_id, number),
    check (total_fen = subtotal_fen + tax_fen),
    check ((status = 'FINALIZED') = (finalized_at is not null))
);
create index invoice_draft_due on billing.invoice (tenant_id, finalize_after) where status = 'DRAFT';

create table billing.invoice_line (
    tenant_id    uuid         not null,
    invoice_id   uuid         not null,
    line_no      integer      not null,
    kind         varchar(24)  not null,
    adjustment   boolean      not null default false,
    description  varchar(300) not null,
    quantity     bigint       not null,
    amount_fen   bigint       not null,
    tax_fen      bigint       not null,
    primary key (tenant_id, invoice_id, line_no),
    foreign key (tenant_id, invoice_id) references billing.invoice (tenant_id, id)
);

create table billing.credit_note (
    tenant_id   uuid         not null,
    id          uuid         not null,
    number      varchar(32)  not null,
    invoice_id  uuid         not null,
    amount_fen  bigint       not null check (amount_fen > 0),
    tax_fen     bigint       not null check (tax_fen >= 0),
    reason      varchar(300) not null,
    created_at  timestamptz  not null,
    primary key (tenant_id, id),
    unique (tenant_id, number),
    foreign key (tenant_id, invoice_id) references billing.invoice (tenant_id, id)
);

--changeset jifen:billing-001-immutable-invoices splitStatements:false
-- A finalized invoice is never changed: not its row, not its lines (no line added, changed or removed), and neither is
-- deleted. A credit note is append-only.
create function billing.refuse_finalized_invoice_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or old.status = 'FINALIZED' then
        raise exception 'invoice % is finalized (or invoices are never deleted): issue a credit note or an adjustment', old.number
            using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger invoice_immutable_once_finalized before update or delete on billing.invoice
    for each row execute function billing.refuse_finalized_invoice_change();

create function billing.refuse_finalized_line_change() returns trigger language plpgsql as $$
declare
    line record;
begin
    if tg_op = 'INSERT' then line := new; else line := old; end if;
    if exists (select 1 from billing.invoice i
               where i.tenant_id = line.tenant_id and i.id = line.invoice_id and i.status = 'FINALIZED') then
        raise exception 'the lines of finalized invoice % cannot change', line.invoice_id using errcode = 'P0001';
    end if;
    if tg_op = 'DELETE' then return old; end if;
    return new;
end $$;
create trigger invoice_line_immutable_once_finalized before insert or update or delete on billing.invoice_line
    for each row execute function billing.refuse_finalized_line_change();

create function billing.refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end $$;
create trigger credit_note_append_only before update or delete on billing.credit_note
    for each row execute function billing.refuse_change();

--changeset jifen:billing-001-row-level-security
select billing.enable_tenant_isolation('billing.subscription');
select billing.enable_tenant_isolation('billing.usage_record');
select billing.enable_tenant_isolation('billing.invoice');
select billing.enable_tenant_isolation('billing.invoice_line');
select billing.enable_tenant_isolation('billing.credit_note');
