--liquibase formatted sql

--changeset jifen:031-mall-items
-- The tenant's own items (module mall): what they are, how they are paid (price_fen is a unit's value in CNY fen;
-- cash_fen the cash part of POINTS_AND_CASH), their stock (never below zero: every change is one conditional update),
-- when they are shown and redeemable, and what one member may redeem.
create table platform.mall_item (
    tenant_id            uuid        not null,
    id                   uuid        not null,
    kind                 text        not null check (kind in ('PHYSICAL', 'VIRTUAL', 'VOUCHER_CODE', 'SERVICE', 'STORE_PICKUP')),
    title                text        not null,
    description          text,
    images               text[]      not null default '{}',
    status               text        not null check (status in ('DRAFT', 'ON_SALE', 'OFF_SALE')),
    point_type           text        not null,
    payment              text        not null check (payment in ('POINTS', 'POINTS_AND_CASH', 'CASH_WITH_POINTS')),
    price_fen            bigint      not null check (price_fen > 0),
    cash_fen             bigint      not null default 0 check (cash_fen >= 0 and cash_fen < price_fen),
    stock                bigint      not null check (stock >= 0),
    low_stock_threshold  bigint      not null default 0 check (low_stock_threshold >= 0),
    visible_from         timestamptz,
    visible_to           timestamptz,
    redeemable_from      timestamptz,
    redeemable_to        timestamptz,
    limit_per_member     integer     check (limit_per_member > 0),
    limit_per_member_day integer     check (limit_per_member_day > 0),
    version              integer     not null default 0,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    primary key (tenant_id, id)
);
-- The admin listing, newest first, read by keyset.
create index mall_item_listing on platform.mall_item (tenant_id, created_at desc, id desc);
select platform.enable_tenant_isolation('platform.mall_item');

-- Every change of an item's stock (its creation too), so that the stock is always the sum of its changes; a change by
-- hand carries the caller's idempotency key, unique in the tenant, and a hash of its request.
create table platform.mall_stock_change (
    tenant_id       uuid        not null,
    id              uuid        not null,
    item_id         uuid        not null,
    idempotency_key text        not null,
    request_hash    text        not null,
    delta           bigint      not null,
    stock_after     bigint      not null,
    reason          text,
    actor           text,
    at              timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, idempotency_key),
    foreign key (tenant_id, item_id) references platform.mall_item (tenant_id, id)
);
create index mall_stock_change_item on platform.mall_stock_change (tenant_id, item_id, at);
select platform.enable_tenant_isolation('platform.mall_stock_change');

-- The tenant's tiered deduction rules for CASH_WITH_POINTS items: orders of at least min_order_fen may pay up to
-- max_percent with points.
create table platform.mall_deduction_rule (
    tenant_id     uuid    not null,
    min_order_fen bigint  not null check (min_order_fen >= 0),
    max_percent   integer not null check (max_percent between 0 and 100),
    primary key (tenant_id, min_order_fen)
);
select platform.enable_tenant_isolation('platform.mall_deduction_rule');
