--liquibase formatted sql

--changeset jifen:billing-003-deposit
-- The prepaid goods deposit (预付款): the tenant pays the operator in advance for supplier goods, and each hub order's
-- goods cost is charged from it as the order is placed. Optional per tenant (enabled by the operator, with the balance
-- under which a low-balance alert is raised). One row per tenant; the balance never goes below zero (the check, and
-- the conditional update that charges).
create table billing.deposit_account (
    tenant_id       uuid        not null references billing.tenant (id),
    enabled         boolean     not null,
    low_balance_fen bigint      not null check (low_balance_fen >= 0),
    balance_fen     bigint      not null default 0 check (balance_fen >= 0),
    updated_at      timestamptz not null default now(),
    primary key (tenant_id)
);

-- Every change of a balance, append-only, idempotent by its key within the tenant (a hub order's charge is
-- "order:<id>:charge": placed twice, charged once). amount_fen is signed: a top-up or a release adds, a charge takes.
-- order_ref names the order a charge or release is for (a release never gives back more than the order's charges).
create table billing.deposit_movement (
    tenant_id         uuid         not null references billing.deposit_account (tenant_id),
    id                bigint       generated always as identity,
    key               varchar(200) not null,
    kind              varchar(16)  not null check (kind in ('TOP_UP', 'CHARGE', 'RELEASE')),
    amount_fen        bigint       not null,
    balance_after_fen bigint       not null check (balance_after_fen >= 0),
    order_ref         varchar(100),
    reference         varchar(200),
    actor             varchar(200),
    occurred_at       timestamptz  not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, key),
    check ((kind = 'CHARGE') = (amount_fen < 0)),
    check (kind = 'TOP_UP' or order_ref is not null)
);
create index deposit_movement_order on billing.deposit_movement (tenant_id, order_ref) where order_ref is not null;
create trigger deposit_movement_append_only before update or delete on billing.deposit_movement
    for each row execute function billing.refuse_change();

-- A low-balance alert, one per crossing: raised by the charge that took the balance from at or above the threshold to
-- below it (a top-up above it arms the next one).
create table billing.deposit_alert (
    tenant_id     uuid        not null references billing.deposit_account (tenant_id),
    id            bigint      generated always as identity,
    movement_id   bigint      not null,
    balance_fen   bigint      not null,
    threshold_fen bigint      not null,
    raised_at     timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, movement_id),
    foreign key (tenant_id, movement_id) references billing.deposit_movement (tenant_id, id)
);

select billing.enable_tenant_isolation('billing.deposit_account');
select billing.enable_tenant_isolation('billing.deposit_movement');
select billing.enable_tenant_isolation('billing.deposit_alert');

--changeset jifen:billing-003-run-chunks splitStatements:false
-- The monthly run works on a chunk of tenants per statement (one update marks and sums the chunk's usage, one insert
-- writes its invoices, one their lines) instead of a dozen statements per tenant. It admits the chunk's tenants, and
-- only them, through a second policy keyed on app.billing_run_tenants, which the run's writer sets transaction-local
-- for its chunk (the settings are the application's to set, like app.tenant_id). Outside a run the setting is empty
-- and these policies admit nothing. Credit notes and the deposit are never written by the run.
create function billing.run_tenants() returns uuid[]
    language sql stable
    as $$ select nullif(current_setting('app.billing_run_tenants', true), '')::uuid[] $$;

create function billing.enable_run_chunks(target regclass) returns void language plpgsql as $$
begin
    -- The setting in a sub-select: an init plan, parsed once per statement, not once per row.
    execute format('create policy billing_run_chunk on %s using (tenant_id = any ((select billing.run_tenants())::uuid[]))'
                   ' with check (tenant_id = any ((select billing.run_tenants())::uuid[]))', target);
end
$$;

select billing.enable_run_chunks('billing.subscription');
select billing.enable_run_chunks('billing.usage_record');
select billing.enable_run_chunks('billing.invoice');
select billing.enable_run_chunks('billing.invoice_line');

--changeset jifen:billing-003-run-tenants-grant
grant execute on function billing.run_tenants() to ${app_role};
