--liquibase formatted sql

--changeset jifen:033-mall-code-upload
-- Uploads of e-voucher codes for the tenant's own VOUCHER_CODE items: one row per accepted file, under the caller's
-- idempotency key (unique in the tenant), with a keyed fingerprint of the file (HMAC-SM3: a replay answers the first
-- upload, another file under the key is a 409) and what it did.
create table platform.mall_code_upload (
    tenant_id       uuid        not null,
    id              uuid        not null,
    item_id         uuid        not null,
    idempotency_key text        not null,
    request_hash    text        not null,
    codes           integer     not null check (codes > 0),
    stock_after     bigint      not null,
    actor           text,
    at              timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, idempotency_key),
    foreign key (tenant_id, item_id) references platform.mall_item (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.mall_code_upload');

--changeset jifen:033-mall-voucher-code
-- The codes themselves, sealed (code_encrypted, jifen-crypto) with a blind index (code_index, HMAC-SM3 of tenant and
-- code): unique in the tenant, so a code is never uploaded twice. A code is free until an order takes it (order_ref,
-- member_id and assigned_at are set together); free codes are handed out oldest upload first, by line.
create table platform.mall_voucher_code (
    tenant_id      uuid        not null,
    id             uuid        not null,
    item_id        uuid        not null,
    upload_id      uuid        not null,
    line           integer     not null,
    uploaded_at    timestamptz not null,
    code_encrypted bytea       not null,
    code_index     bytea       not null,
    valid_until    date,
    order_ref      text,
    member_id      uuid,
    assigned_at    timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, code_index),
    foreign key (tenant_id, item_id) references platform.mall_item (tenant_id, id),
    foreign key (tenant_id, upload_id) references platform.mall_code_upload (tenant_id, id),
    check ((order_ref is null) = (member_id is null) and (order_ref is null) = (assigned_at is null))
);
-- The free codes of an item in the order they are handed out.
create index mall_voucher_code_free on platform.mall_voucher_code (tenant_id, item_id, uploaded_at, upload_id, line)
    where order_ref is null;
create index mall_voucher_code_order on platform.mall_voucher_code (tenant_id, order_ref) where order_ref is not null;
create index mall_voucher_code_item on platform.mall_voucher_code (tenant_id, item_id);
select platform.enable_tenant_isolation('platform.mall_voucher_code');

--changeset jifen:033-mall-pickup-code
-- Store-pickup codes: one per order (order_ref), 10 random digits, sealed with a blind index unique in the tenant
-- (staff look a code up by it); verified once (verified_at, verified_by).
create table platform.mall_pickup_code (
    tenant_id      uuid        not null,
    order_ref      text        not null,
    member_id      uuid        not null,
    item_id        uuid        not null,
    code_encrypted bytea       not null,
    code_index     bytea       not null,
    issued_at      timestamptz not null,
    verified_at    timestamptz,
    verified_by    text,
    primary key (tenant_id, order_ref),
    unique (tenant_id, code_index),
    foreign key (tenant_id, item_id) references platform.mall_item (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.mall_pickup_code');

--changeset jifen:033-mall-low-stock-alert
-- Low-stock alerts: opened when an item's stock falls to or below its threshold from above, closed when it is above
-- it again; at most one open alert per item.
create table platform.mall_low_stock_alert (
    tenant_id uuid        not null,
    id        uuid        not null,
    item_id   uuid        not null,
    stock     bigint      not null,
    threshold bigint      not null,
    opened_at timestamptz not null,
    closed_at timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, item_id) references platform.mall_item (tenant_id, id)
);
create unique index mall_low_stock_alert_open on platform.mall_low_stock_alert (tenant_id, item_id) where closed_at is null;
create index mall_low_stock_alert_listing on platform.mall_low_stock_alert (tenant_id, opened_at desc, id desc) where closed_at is null;
select platform.enable_tenant_isolation('platform.mall_low_stock_alert');
