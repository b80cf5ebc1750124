--liquibase formatted sql

--changeset jifen:032-payments
-- The cash part of redemptions, paid through Stripe (module payment): one row per payment, keyed by the caller's reference
-- (an order id) in the tenant. intent_id is Stripe's PaymentIntent, null only while the first call to Stripe has not
-- answered (STARTING; a retry completes it under the same idempotency key). status follows the intent and never goes
-- back; SUCCEEDED, FAILED and CANCELED are final. refunded_fen counts refunds asked of Stripe, so none can exceed the rest.
create table platform.payment (
    tenant_id    uuid        not null references platform.tenant (id),
    reference    text        not null check (length(reference) between 1 and 100),
    member_id    uuid        not null,
    amount_fen   bigint      not null check (amount_fen > 0),
    currency     text        not null check (currency = 'cny'),
    method       text        not null check (method in ('ALIPAY', 'WECHAT_PAY', 'CARD')),
    description  text,
    return_url   text,
    intent_id    text,
    status       text        not null check (status in ('STARTING', 'REQUIRES_ACTION', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELED')),
    redirect_url text,
    failure      text,
    refunded_fen bigint      not null default 0 check (refunded_fen >= 0 and refunded_fen <= amount_fen),
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    primary key (tenant_id, reference),
    unique (tenant_id, intent_id)
);
select platform.enable_tenant_isolation('platform.payment');

-- Refunds of a payment, one per caller's idempotency key; refund_id is Stripe's, null while Stripe has not answered.
create table platform.payment_refund (
    tenant_id       uuid        not null,
    idempotency_key text        not null,
    reference       text        not null,
    amount_fen      bigint      not null check (amount_fen > 0),
    refund_id       text,
    created_at      timestamptz not null,
    refunded_at     timestamptz,
    primary key (tenant_id, idempotency_key),
    foreign key (tenant_id, reference) references platform.payment (tenant_id, reference)
);
create index payment_refund_payment on platform.payment_refund (tenant_id, reference);
select platform.enable_tenant_isolation('platform.payment_refund');

-- Stripe's events applied, by id: one delivered again (Stripe delivers at least once) is recognised and changes nothing.
create table platform.payment_event (
    tenant_id   uuid        not null references platform.tenant (id),
    event_id    text        not null,
    type        text        not null,
    intent_id   text        not null,
    received_at timestamptz not null,
    primary key (tenant_id, event_id)
);
select platform.enable_tenant_isolation('platform.payment_event');

-- Routes Stripe's events (one account for every tenant) to the tenant of their payment intent: the intent's id and the
-- tenant, nothing of the payment. Shared (no row-level security): the webhook finds the tenant here before it has one.
create table platform.payment_intent_route (
    intent_id text primary key,
    tenant_id uuid not null references platform.tenant (id)
);
