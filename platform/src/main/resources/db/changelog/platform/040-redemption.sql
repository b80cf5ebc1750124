--liquibase formatted sql

--changeset jifen:040-redemption-orders
-- Members' redemptions (module redemption): what was ordered, what it costs in points and cash and why (the quote),
-- where it stands in its saga, and what has been refunded of it. order_key is the client's key: the same key of the
-- same member answers the same order. order_no is the number the supplier hub and the member see (globally unique,
-- as the hub needs it). The delivery details (recipient or top-up account) are sealed with the field cipher.
create table platform.redemption_order (
    tenant_id          uuid        not null,
    id                 uuid        not null,
    order_no           text        not null,
    member_id          uuid        not null,
    order_key          text        not null,
    request_hash       text        not null,
    item_ref           text        not null,
    item_id            uuid,
    supplier           text,
    sku_id             text,
    flash_sale_id      uuid,
    fulfilment         text        not null check (fulfilment in ('CODES', 'PICKUP', 'SHIPMENT', 'INSTANT', 'SERVICE', 'HUB')),
    title              text        not null,
    quantity           integer     not null check (quantity > 0),
    point_type         text        not null,
    points             bigint      not null check (points >= 0),
    fee_points         bigint      not null check (fee_points >= 0),
    cash_fen           bigint      not null check (cash_fen >= 0),
    order_fen          bigint      not null check (order_fen >= 0),
    goods_cost_fen     bigint      not null default 0 check (goods_cost_fen >= 0),
    quote              jsonb       not null,
    state              text        not null check (state in ('PLACED', 'PAID', 'FULFILLING', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'REFUNDED')),
    hold_id            uuid,
    delivery_sealed    bytea,
    tracking           text,
    points_refunded    bigint      not null default 0 check (points_refunded >= 0 and points_refunded <= points),
    cash_refunded_fen  bigint      not null default 0 check (cash_refunded_fen >= 0 and cash_refunded_fen <= cash_fen),
    quantity_returned  integer     not null default 0 check (quantity_returned >= 0 and quantity_returned <= quantity),
    failure            text,
    placed_at          timestamptz not null,
    paid_at            timestamptz,
    closed_at          timestamptz,
    updated_at         timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, member_id, order_key),
    unique (tenant_id, order_no)
);
-- The admin's listing and the member's, newest first, by keyset; the sweeper of unpaid orders.
create index redemption_order_listing on platform.redemption_order (tenant_id, placed_at desc, id desc);
create index redemption_order_member on platform.redemption_order (tenant_id, member_id, placed_at desc, id desc);
create index redemption_order_unpaid on platform.redemption_order (tenant_id, placed_at) where state = 'PLACED';
select platform.enable_tenant_isolation('platform.redemption_order');

-- Each step of an order's saga, oldest first: what happened, who did it.
create table platform.redemption_order_step (
    tenant_id uuid        not null,
    id        uuid        not null,
    order_id  uuid        not null,
    at        timestamptz not null,
    state     text        not null,
    text      text        not null,
    actor     text,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references platform.redemption_order (tenant_id, id)
);
create index redemption_order_step_order on platform.redemption_order_step (tenant_id, order_id, at);
select platform.enable_tenant_isolation('platform.redemption_order_step');

-- Refunds of orders (a cancellation, a supplier's failure, an admin's full or partial refund, an after-sale return),
-- each once per refund_key: points through the ledger in the same transaction; cash through the payment port after
-- it commits (cash_state PENDING until the payment provider has it, retried until then).
create table platform.redemption_refund (
    tenant_id      uuid        not null,
    id             uuid        not null,
    order_id       uuid        not null,
    refund_key     text        not null,
    request_hash   text        not null,
    points         bigint      not null check (points >= 0),
    cash_fen       bigint      not null check (cash_fen >= 0),
    quantity       integer     not null check (quantity >= 0),
    restocked      boolean     not null,
    reason         text        not null,
    actor          text,
    ledger_tx      uuid,
    cash_state     text        not null check (cash_state in ('NONE', 'PENDING', 'DONE')),
    payment_refund text,
    at             timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, order_id, refund_key),
    foreign key (tenant_id, order_id) references platform.redemption_order (tenant_id, id)
);
create index redemption_refund_pending on platform.redemption_refund (tenant_id, at) where cash_state = 'PENDING';
select platform.enable_tenant_isolation('platform.redemption_refund');

-- What each member has redeemed of each item, in all and on the last day redeemed (tenant time zone), for the
-- per-member limits: one conditional upsert per order, so concurrent orders of one member can never pass a limit.
create table platform.redemption_member_item (
    tenant_id uuid   not null,
    member_id uuid   not null,
    item_ref  text   not null,
    total     bigint not null check (total >= 0),
    day       date   not null,
    day_count bigint not null check (day_count >= 0),
    primary key (tenant_id, member_id, item_ref)
);
select platform.enable_tenant_isolation('platform.redemption_member_item');
