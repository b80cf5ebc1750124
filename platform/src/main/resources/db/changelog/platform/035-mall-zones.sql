--liquibase formatted sql

--changeset jifen:035-mall-zone
-- Zones of the tenant's mall (module mall): who may redeem a zone's items. NEW_MEMBERS admits members who joined less
-- than new_member_days days ago; EMPLOYEES, DEALERS and GUIDES an audience; TIERS the tiers named in tier_codes; SEGMENT
-- one segment; FESTIVAL (积分复活节) every member, inside its window, paying with points that expired within the last
-- year. Any zone may have a window (starts_at inclusive, ends_at exclusive); a FESTIVAL zone must. An INACTIVE zone, or
-- one outside its window, admits nobody.
create table platform.mall_zone (
    tenant_id       uuid        not null,
    id              uuid        not null,
    kind            text        not null check (kind in ('NEW_MEMBERS', 'EMPLOYEES', 'DEALERS', 'GUIDES', 'TIERS', 'SEGMENT', 'FESTIVAL')),
    title           text        not null,
    status          text        not null check (status in ('ACTIVE', 'INACTIVE')),
    new_member_days integer     check (new_member_days > 0),
    tier_codes      text[],
    segment         text,
    starts_at       timestamptz,
    ends_at         timestamptz,
    version         integer     not null default 0,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    primary key (tenant_id, id),
    check ((kind = 'NEW_MEMBERS') = (new_member_days is not null)),
    check ((kind = 'TIERS') = (tier_codes is not null)),
    check ((kind = 'SEGMENT') = (segment is not null)),
    check (kind <> 'FESTIVAL' or (starts_at is not null and ends_at is not null)),
    check (starts_at is null or ends_at is null or ends_at > starts_at)
);
create index mall_zone_listing on platform.mall_zone (tenant_id, created_at desc, id desc);
select platform.enable_tenant_isolation('platform.mall_zone');

-- The items of a zone, by their reference's text form (item:<uuid> for an own item, hub:<supplier>:<skuId> for a hub
-- SKU of the tenant's selection). An item may be in several zones: a member may redeem it if any of them admits them.
create table platform.mall_zone_item (
    tenant_id uuid        not null,
    zone_id   uuid        not null,
    item_ref  text        not null,
    added_at  timestamptz not null,
    primary key (tenant_id, zone_id, item_ref),
    foreign key (tenant_id, zone_id) references platform.mall_zone (tenant_id, id)
);
-- A member's eligibility looks an item's zones up by its reference.
create index mall_zone_item_ref on platform.mall_zone_item (tenant_id, item_ref);
select platform.enable_tenant_isolation('platform.mall_zone_item');

--changeset jifen:035-mall-item-unlock
-- Items only members who unlocked a code by completing a task or task package may redeem (邀请3位好友解锁), whatever
-- their zones say; one code per item.
create table platform.mall_item_unlock (
    tenant_id   uuid        not null,
    item_ref    text        not null,
    unlock_code text        not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, item_ref)
);
select platform.enable_tenant_isolation('platform.mall_item_unlock');
