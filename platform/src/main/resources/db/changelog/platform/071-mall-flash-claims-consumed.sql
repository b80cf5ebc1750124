--liquibase formatted sql

--changeset jifen:071-mall-flash-claims-consumed
-- A consumed claim stays, marked with when its order took it: the sale's one unit per member is then kept by the claim
-- itself, so a member who has bought (a retry of the order, another order under a new key) is answered from the claim's
-- round trip and never takes a unit of the sale, even for a moment. Only open claims are given back or swept.
alter table platform.mall_flash_claim add column consumed_at timestamptz;
drop index platform.mall_flash_claim_age;
create index mall_flash_claim_open on platform.mall_flash_claim (tenant_id, claimed_at) where consumed_at is null;
