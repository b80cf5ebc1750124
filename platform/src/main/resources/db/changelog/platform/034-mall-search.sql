--liquibase formatted sql

--changeset jifen:034-mall-search-backlog
-- The tenant's own items whose search documents are to be handed to the hub's search (module mall, MallSearchFeed).
-- Filled by a trigger on mall_item in the transaction of the change, whoever makes it (the admin API, a redemption
-- reserving stock), so a change that search sees is never lost; drained after the mall's commits and on a schedule.
-- Platform-level like the hub's index_backlog: it names a tenant and an item and holds none of the item's data, and
-- draining it spans tenants (each item is read under its tenant).
create table platform.mall_search_backlog (
    tenant_id uuid        not null,
    item_id   uuid        not null,
    queued_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, item_id)
);
create index mall_search_backlog_queued on platform.mall_search_backlog (queued_at);

--changeset jifen:034-mall-search-trigger splitStatements:false
create function platform.queue_mall_item_for_search() returns trigger language plpgsql as $$
begin
    insert into platform.mall_search_backlog (tenant_id, item_id) values (new.tenant_id, new.id)
    on conflict (tenant_id, item_id) do update set queued_at = clock_timestamp();
    return null;
end
$$;

--changeset jifen:034-mall-search-triggers
-- Every new item; an update when an admin changed the item (its version moves) or its stock crossed zero or the
-- low-stock threshold: a stock change that leaves the item as search shows it writes nothing more.
create trigger mall_item_search_insert after insert on platform.mall_item
    for each row execute function platform.queue_mall_item_for_search();
create trigger mall_item_search_update after update on platform.mall_item
    for each row when (old.version <> new.version
        or (old.stock > 0) <> (new.stock > 0)
        or (old.stock <= old.low_stock_threshold) <> (new.stock <= new.low_stock_threshold))
    execute function platform.queue_mall_item_for_search();

--changeset jifen:034-mall-search-existing-items splitStatements:false
-- Items made before this changeset: queued once, tenant by tenant (mall_item is under forced row-level security).
do $$
declare
    t uuid;
begin
    for t in select id from platform.tenant loop
        perform set_config('app.tenant_id', t::text, true);
        insert into platform.mall_search_backlog (tenant_id, item_id)
        select tenant_id, id from platform.mall_item on conflict do nothing;
    end loop;
    perform set_config('app.tenant_id', '', true);
end
$$;
