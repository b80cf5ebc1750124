--liquibase formatted sql

--changeset jifen:hub-002-selection
-- A tenant's selection: the hub SKUs a brand offers in its mall, each at the brand's own points price. Tenant ids are
-- plain values here (the hub knows nothing of the platform); the platform passes the caller's tenant on every call.
create table supplier_hub.selection (
    tenant_id    uuid        not null,
    supplier_id  text        not null,
    sku_id       text        not null,
    points_price bigint      not null check (points_price > 0),
    selected_at  timestamptz not null default now(),
    primary key (tenant_id, supplier_id, sku_id),
    foreign key (supplier_id, sku_id) references supplier_hub.sku (supplier_id, sku_id)
);
create index selection_sku on supplier_hub.selection (supplier_id, sku_id);
