--liquibase formatted sql

--changeset jifen:hub-007-current-tenant splitStatements:false
-- Row-level security for the hub's tenant-owned tables, keyed on the transaction-local setting app.tenant_id that the
-- embedding application (and the hub itself, for the tenant a call names) sets. The hub's own functions: it does not
-- depend on the platform's schema.
create function supplier_hub.current_tenant() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

--changeset jifen:hub-007-enable-tenant-isolation splitStatements:false
-- Enabled, forced (the owner too) and the tenant_isolation policy on supplier_hub.current_tenant(), in one call.
create function supplier_hub.enable_tenant_isolation(target regclass) returns void language plpgsql as $$
begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format('create policy tenant_isolation on %s using (tenant_id = supplier_hub.current_tenant())'
                   ' with check (tenant_id = supplier_hub.current_tenant())', target);
end
$$;

--changeset jifen:hub-007-current-tenant-grant
grant execute on function supplier_hub.current_tenant() to ${app_role};

--changeset jifen:hub-007-tenant
-- The tenants the hub holds data of, registered on their first selection or order. A row is the tenant itself (the
-- hub knows nothing else of it), so the table is hub-level, as platform.tenant is the platform's; work that spans
-- tenants walks it (re-indexing selections) and runs each tenant's part under that tenant.
create table supplier_hub.tenant (
    id            uuid        primary key,
    registered_at timestamptz not null default now()
);
insert into supplier_hub.tenant (id)
select tenant_id from supplier_hub.selection union select tenant_id from supplier_hub.supplier_order;
alter table supplier_hub.selection add foreign key (tenant_id) references supplier_hub.tenant (id);

--changeset jifen:hub-007-order-route
-- Which tenant each order number belongs to, and when the worker next acts on the order (null once it is final):
-- what work that spans tenants needs before it switches to the order's tenant (workers claiming due orders with
-- "for update skip locked", a supplier's notification or order message, a statement line). Order numbers are unique
-- across tenants because suppliers keep them as their idempotency key. Hub-level: number, tenant, supplier and the
-- supplier's id for the order, none of the order's own data.
create table supplier_hub.order_route (
    order_no          text        primary key,
    tenant_id         uuid        not null references supplier_hub.tenant (id),
    supplier_id       text        not null references supplier_hub.supplier (id),
    supplier_order_id text,
    next_attempt_at   timestamptz
);
insert into supplier_hub.order_route (order_no, tenant_id, supplier_id, supplier_order_id, next_attempt_at)
select order_no, tenant_id, supplier_id, supplier_order_id, next_attempt_at from supplier_hub.supplier_order;
create index order_route_due on supplier_hub.order_route (next_attempt_at) where next_attempt_at is not null;
create unique index order_route_supplier_order on supplier_hub.order_route (supplier_id, supplier_order_id);
create index order_route_supplier_tenant on supplier_hub.order_route (supplier_id, tenant_id);
-- The queue is the route's now; dropping the column drops its index and the check that tied it to the state.
alter table supplier_hub.supplier_order drop column next_attempt_at;
drop index supplier_hub.supplier_order_supplier_id;

--changeset jifen:hub-007-order-keys
-- The order tables are the tenant's: tenant_id in every key (Citus-ready), the history, codes and notifications too.
alter table supplier_hub.supplier_order_event add column tenant_id uuid;
update supplier_hub.supplier_order_event e set tenant_id = o.tenant_id from supplier_hub.supplier_order o where o.order_no = e.order_no;
alter table supplier_hub.voucher_code add column tenant_id uuid;
update supplier_hub.voucher_code c set tenant_id = o.tenant_id from supplier_hub.supplier_order o where o.order_no = c.order_no;
alter table supplier_hub.supplier_notice add column tenant_id uuid;
update supplier_hub.supplier_notice n set tenant_id = o.tenant_id from supplier_hub.supplier_order o where o.order_no = n.order_no;

alter table supplier_hub.supplier_order_event drop constraint supplier_order_event_order_no_fkey;
alter table supplier_hub.voucher_code drop constraint voucher_code_order_no_fkey;
alter table supplier_hub.supplier_notice drop constraint supplier_notice_order_no_fkey;

alter table supplier_hub.supplier_order drop constraint supplier_order_pkey;
alter table supplier_hub.supplier_order add primary key (tenant_id, order_no);
alter table supplier_hub.supplier_order add foreign key (tenant_id) references supplier_hub.tenant (id);

alter table supplier_hub.supplier_order_event alter column tenant_id set not null,
    drop constraint supplier_order_event_pkey,
    add primary key (tenant_id, order_no, at, source, text),
    add foreign key (tenant_id, order_no) references supplier_hub.supplier_order (tenant_id, order_no);
alter table supplier_hub.voucher_code alter column tenant_id set not null,
    drop constraint voucher_code_pkey,
    add primary key (tenant_id, order_no, position),
    add foreign key (tenant_id, order_no) references supplier_hub.supplier_order (tenant_id, order_no);
-- A resent notification routes to the same order, so its key stays unique with the tenant in front.
alter table supplier_hub.supplier_notice alter column tenant_id set not null,
    drop constraint supplier_notice_pkey,
    add primary key (tenant_id, supplier_id, digest),
    add foreign key (tenant_id, order_no) references supplier_hub.supplier_order (tenant_id, order_no);

--changeset jifen:hub-007-settlement-item
-- A settlement's items are the tenants' (an order of theirs, billed or not); a statement line about no order of ours
-- belongs to no tenant and is marked on the line itself (missing_at_hub).
alter table supplier_hub.settlement_line add column missing_at_hub boolean not null default false;
update supplier_hub.settlement_line l set missing_at_hub = true from supplier_hub.settlement_item i
where i.run_id = l.run_id and i.item_no = l.line_no and i.outcome = 'MISSING_AT_HUB';
delete from supplier_hub.settlement_item where outcome = 'MISSING_AT_HUB';
alter table supplier_hub.settlement_item alter column tenant_id set not null,
    drop constraint settlement_item_pkey,
    add primary key (tenant_id, run_id, item_no),
    add constraint settlement_item_of_an_order check (outcome <> 'MISSING_AT_HUB');

--changeset jifen:hub-007-index-backlog
-- A queued search document is now a tenant's selection of a SKU to write into the SKU's document (the sync writes the
-- SKU's own fields directly). The row names the tenant and holds nothing of its selection. Rows queued before named
-- the SKU only: they become one per tenant that has it selected (a selection removed while Elasticsearch was down
-- stays in its document until the next re-index).
alter table supplier_hub.index_backlog drop constraint index_backlog_pkey;
alter table supplier_hub.index_backlog add column tenant_id uuid references supplier_hub.tenant (id);
insert into supplier_hub.index_backlog (tenant_id, supplier_id, sku_id, queued_at)
select l.tenant_id, b.supplier_id, b.sku_id, b.queued_at from supplier_hub.index_backlog b
join supplier_hub.selection l on l.supplier_id = b.supplier_id and l.sku_id = b.sku_id
where b.tenant_id is null;
delete from supplier_hub.index_backlog where tenant_id is null;
alter table supplier_hub.index_backlog alter column tenant_id set not null, add primary key (tenant_id, supplier_id, sku_id);
create index index_backlog_queued on supplier_hub.index_backlog (queued_at);

--changeset jifen:hub-007-row-level-security
select supplier_hub.enable_tenant_isolation('supplier_hub.selection');
select supplier_hub.enable_tenant_isolation('supplier_hub.supplier_order');
select supplier_hub.enable_tenant_isolation('supplier_hub.supplier_order_event');
select supplier_hub.enable_tenant_isolation('supplier_hub.voucher_code');
select supplier_hub.enable_tenant_isolation('supplier_hub.supplier_notice');
select supplier_hub.enable_tenant_isolation('supplier_hub.settlement_item');
