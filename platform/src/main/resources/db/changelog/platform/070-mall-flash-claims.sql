--liquibase formatted sql

--changeset jifen:070-mall-flash-claims
-- A flash sale's unit claimed for a member's order before the order is placed: the sale's count and the item's stock
-- are taken in a round trip and a transaction of their own (the two rows every buyer of the sale updates are locked for
-- one statement and its commit, not for a whole checkout), and the row stays here until the order that consumes it
-- commits (it deletes the row) or the claim is given back (a refused order, or the sweep for a checkout that never
-- finished; it deletes the row too). Whoever deletes the row moves the unit, so it moves once. The id is the order's.
create table platform.mall_flash_claim (
    tenant_id  uuid        not null,
    id         uuid        not null,
    sale_id    uuid        not null,
    item_id    uuid        not null,
    member_id  uuid        not null,
    claimed_at timestamptz not null,
    primary key (tenant_id, id)
);
-- One open claim per member and sale; a member's second attempt reuses it.
create unique index mall_flash_claim_member on platform.mall_flash_claim (tenant_id, sale_id, member_id);
create index mall_flash_claim_age on platform.mall_flash_claim (tenant_id, claimed_at);
select platform.enable_tenant_isolation('platform.mall_flash_claim');
