--liquibase formatted sql

--changeset jifen:billing-004-dunning
-- Dunning: each step (REMINDER, WARNING, MALL_PAUSED, SUSPENDED) is taken once per unpaid invoice, on its day after the
-- invoice's due date; the tenant's standing (mall paused, suspended by dunning) is one row the checkout reads.
create table billing.dunning_notice (
    tenant_id     uuid        not null,
    invoice_id    uuid        not null,
    step          varchar(16) not null check (step in ('REMINDER', 'WARNING', 'MALL_PAUSED', 'SUSPENDED')),
    days_overdue  integer     not null,
    -- Whether the tenant's admins were mailed (false: recorded only, no mail address or mail could not be sent).
    mailed        boolean     not null default false,
    recorded_at   timestamptz not null,
    primary key (tenant_id, invoice_id, step),
    foreign key (tenant_id, invoice_id) references billing.invoice (tenant_id, id)
);

create table billing.tenant_standing (
    tenant_id       uuid        not null references billing.tenant (id),
    mall_paused_at  timestamptz,
    -- Set only when dunning suspended the tenant (not when the operator had already), so that a payment lifts only
    -- dunning's own suspension.
    suspended_at    timestamptz,
    updated_at      timestamptz not null default now(),
    primary key (tenant_id)
);

--changeset jifen:billing-004-dunning-row-level-security
select billing.enable_tenant_isolation('billing.dunning_notice');
select billing.enable_tenant_isolation('billing.tenant_standing');
