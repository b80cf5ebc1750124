--liquibase formatted sql

--changeset jifen:billing-002-collection
-- Collecting finalized invoices through Stripe. A finalized invoice row never changes (001's trigger), so everything
-- about its payment lives here. The row is written in the transaction that finalizes the invoice (PENDING: not yet at
-- Stripe), and the collection job pushes it to Stripe until it is there: at least once, every call with an idempotency
-- key derived from our ids, so a crash and a retry never make a second Stripe invoice.
create table billing.stripe_customer (
    tenant_id    uuid         not null references billing.tenant (id),
    customer_id  varchar(255) not null,
    created_at   timestamptz  not null default now(),
    primary key (tenant_id),
    unique (tenant_id, customer_id)
);

create table billing.invoice_collection (
    tenant_id            uuid         not null,
    invoice_id           uuid         not null,
    status               varchar(16)  not null check (status in ('PENDING', 'OPEN', 'PAID', 'UNCOLLECTIBLE', 'VOID')),
    amount_due_fen       bigint       not null,
    amount_paid_fen      bigint       not null default 0,
    amount_refunded_fen  bigint       not null default 0,
    disputed             boolean      not null default false,
    dispute_id           varchar(255),
    payment_failures     integer      not null default 0,
    last_failure_at      timestamptz,
    stripe_invoice_id    varchar(255),
    hosted_invoice_url   varchar(2000),
    payment_intent_id    varchar(255),
    -- STRIPE, BANK_TRANSFER (the operator marked it paid), NOTHING_DUE (a zero invoice, never sent to Stripe).
    paid_by              varchar(16)  check (paid_by in ('STRIPE', 'BANK_TRANSFER', 'NOTHING_DUE')),
    paid_reference       varchar(200),
    paid_at              timestamptz,
    finalized_at         timestamptz  not null,
    push_attempts        integer      not null default 0,
    next_push_at         timestamptz  not null,
    last_push_error      varchar(500),
    updated_at           timestamptz  not null default now(),
    primary key (tenant_id, invoice_id),
    foreign key (tenant_id, invoice_id) references billing.invoice (tenant_id, id),
    check ((status = 'PAID') = (paid_at is not null))
);
create index invoice_collection_pending on billing.invoice_collection (tenant_id, next_push_at) where status = 'PENDING';
create index invoice_collection_unpaid on billing.invoice_collection (tenant_id, finalized_at) where status in ('PENDING', 'OPEN');

-- Stripe's events applied, by event id: a repeat changes nothing.
create table billing.stripe_event (
    tenant_id    uuid         not null,
    event_id     varchar(255) not null,
    type         varchar(100) not null,
    object_id    varchar(255) not null,
    received_at  timestamptz  not null,
    primary key (tenant_id, event_id)
);

-- Routes Stripe's events to their tenant before any tenant is known: a Stripe id (customer, invoice, payment intent)
-- and a tenant id, nothing of the invoice.
create table billing.stripe_route (
    stripe_id  varchar(255) primary key,
    tenant_id  uuid         not null references billing.tenant (id)
);

--changeset jifen:billing-002-collection-row-level-security
select billing.enable_tenant_isolation('billing.stripe_customer');
select billing.enable_tenant_isolation('billing.invoice_collection');
select billing.enable_tenant_isolation('billing.stripe_event');
