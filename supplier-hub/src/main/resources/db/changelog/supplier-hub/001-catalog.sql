--liquibase formatted sql

--changeset jifen:hub-001-schema
create schema if not exists supplier_hub;

--changeset jifen:hub-001-supplier
-- The suppliers the platform operator buys from; the hub's data belongs to the operator, not to any tenant.
create table supplier_hub.supplier (
    id         text        primary key check (id ~ '^[a-z][a-z0-9-]{1,30}$'),
    name       text        not null,
    protocol   text        not null,
    created_at timestamptz not null default now()
);
insert into supplier_hub.supplier (id, name, protocol) values ('jd', '京东企业购 (VOP)', 'jd-vop');

--changeset jifen:hub-001-sku
-- One row per supplier SKU. Title, brand, category and images come from the supplier's product details; prices
-- (in fen) and stock change often and are refreshed on their own. last_seen_run is the catalog sync run that last
-- found the SKU in the supplier's product pools: a full sync delists what it did not see.
create table supplier_hub.sku (
    supplier_id    text        not null references supplier_hub.supplier (id),
    sku_id         text        not null,
    title          text        not null check (title <> ''),
    brand          text        not null,
    category_ids   text[]      not null check (cardinality(category_ids) > 0),
    category_names text[]      not null check (cardinality(category_names) = cardinality(category_ids)),
    images         text[]      not null,
    description    text        not null,
    delivery_kind  text        not null check (delivery_kind in ('PHYSICAL', 'VOUCHER_CODE', 'DIRECT_TOP_UP', 'SERVICE_BOOKING')),
    unit           text        not null,
    listed         boolean     not null,
    cost_fen       bigint      check (cost_fen >= 0),
    market_fen     bigint      check (market_fen >= 0),
    in_stock       boolean     not null default false,
    stock          integer     not null default 0 check (stock >= 0),
    last_seen_run  bigint,
    updated_at     timestamptz not null,
    primary key (supplier_id, sku_id)
);
create index sku_last_seen on supplier_hub.sku (supplier_id, last_seen_run);
