--liquibase formatted sql

--changeset jifen:hub-003-supplier-vouchers
insert into supplier_hub.supplier (id, name, protocol) values ('vouchers', '电子券聚合平台', 'voucher-aggregator');
insert into supplier_hub.supplier (id, name, protocol) values ('tmall', '天猫分销', 'tmall-top');

--changeset jifen:hub-003-order
-- Orders the hub places with suppliers on behalf of a tenant's redemption. order_no is ours (the mall's redemption
-- number) and is the supplier's idempotency key (JD's thirdOrder, the aggregators' customer order number); placing
-- the same number twice finds the first order, and fingerprint tells a replay from a different order under a used
-- number. next_attempt_at is when the worker next acts on the order (submit, confirm, track); null once it is final.
-- A worker claims an order by moving next_attempt_at past its lease, so a crashed worker's orders are taken up again.
create table supplier_hub.supplier_order (
    order_no          text        primary key check (order_no ~ '^[A-Za-z0-9_-]{6,40}$'),
    tenant_id         uuid        not null,
    member_id         uuid        not null,
    supplier_id       text        not null references supplier_hub.supplier (id),
    sku_id            text        not null,
    quantity          integer     not null check (quantity between 1 and 99),
    delivery          jsonb       not null,
    fingerprint       text        not null,
    state             text        not null check (state in ('PENDING', 'SUBMITTED', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'FAILED')),
    supplier_order_id text,
    unit_cost_fen     bigint      not null check (unit_cost_fen >= 0),
    attempts          integer     not null default 0,
    next_attempt_at   timestamptz,
    failure           text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    delivered_at      timestamptz,
    foreign key (supplier_id, sku_id) references supplier_hub.sku (supplier_id, sku_id),
    check ((state in ('DELIVERED', 'FAILED')) = (next_attempt_at is null)),
    check (state <> 'FAILED' or failure is not null)
);
create index supplier_order_due on supplier_hub.supplier_order (next_attempt_at) where next_attempt_at is not null;
create unique index supplier_order_supplier_id on supplier_hub.supplier_order (supplier_id, supplier_order_id);
create index supplier_order_tenant on supplier_hub.supplier_order (tenant_id, created_at);

--changeset jifen:hub-003-order-event
-- An order's history: the hub's own steps and the supplier's tracking lines (each kept once).
create table supplier_hub.supplier_order_event (
    order_no text        not null references supplier_hub.supplier_order (order_no),
    at       timestamptz not null,
    source   text        not null check (source in ('HUB', 'SUPPLIER')),
    text     text        not null,
    primary key (order_no, at, source, text)
);

--changeset jifen:hub-003-voucher-code
-- E-voucher codes, encrypted with AES-GCM under a key from configuration (key_id names it, so keys can be rotated);
-- the order number and position are the authenticated data, so a code cannot be moved to another order unnoticed.
create table supplier_hub.voucher_code (
    order_no   text    not null references supplier_hub.supplier_order (order_no),
    position   integer not null check (position >= 0),
    key_id     text    not null,
    code       bytea   not null,
    password   bytea,
    expires_on date,
    primary key (order_no, position)
);

--changeset jifen:hub-003-notice
-- Notifications suppliers pushed to our callback URL, verified and kept once each (digest of what identifies the
-- notification, e.g. the supplier's order id and the state it reports): a resent one is answered without being applied
-- again. Kept with the payload as the supplier sent it.
create table supplier_hub.supplier_notice (
    supplier_id text        not null references supplier_hub.supplier (id),
    digest      text        not null,
    order_no    text        not null references supplier_hub.supplier_order (order_no),
    payload     text        not null,
    received_at timestamptz not null default now(),
    primary key (supplier_id, digest)
);
