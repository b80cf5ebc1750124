--liquibase formatted sql

--changeset jifen:041-mall-flash-sales
-- Flash sales (秒杀) of the tenant's own items: a window, a number of units at a price of their own, one per member.
-- sold only grows by one conditional update per order (sold + n <= stock), so however many buyers race, no more than
-- stock are sold; a cancelled order gives its unit back to the sale.
create table platform.mall_flash_sale (
    tenant_id  uuid        not null,
    id         uuid        not null,
    item_id    uuid        not null,
    title      text        not null,
    starts_at  timestamptz not null,
    ends_at    timestamptz not null check (ends_at > starts_at),
    stock      bigint      not null check (stock > 0),
    sold       bigint      not null default 0 check (sold >= 0 and sold <= stock),
    price_fen  bigint      not null check (price_fen > 0),
    created_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, item_id) references platform.mall_item (tenant_id, id)
);
create index mall_flash_sale_window on platform.mall_flash_sale (tenant_id, ends_at, starts_at);
select platform.enable_tenant_isolation('platform.mall_flash_sale');
