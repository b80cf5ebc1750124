--liquibase formatted sql

--changeset jifen:hub-011-tenant-item
-- A tenant's own items as its application hands them to search (TenantItems): the document (JSON) the hub indexes
-- beside the tenant's selection, kept here so that a change made while Elasticsearch is down reaches it later and a
-- re-index rebuilds it. updated_at is the item's own change time: an older document never replaces a newer one.
create table supplier_hub.tenant_item (
    tenant_id  uuid        not null references supplier_hub.tenant (id),
    ref        text        not null check (length(ref) between 1 and 200),
    document   jsonb       not null,
    updated_at timestamptz not null,
    primary key (tenant_id, ref)
);
select supplier_hub.enable_tenant_isolation('supplier_hub.tenant_item');

--changeset jifen:hub-011-item-backlog
-- Tenant items whose search documents are to be written (or deleted): like index_backlog, it names the tenant and the
-- item and holds nothing of the item, so draining it spans tenants and reads each document under its tenant.
create table supplier_hub.item_backlog (
    tenant_id uuid        not null references supplier_hub.tenant (id),
    ref       text        not null,
    queued_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, ref)
);
create index item_backlog_queued on supplier_hub.item_backlog (queued_at);
