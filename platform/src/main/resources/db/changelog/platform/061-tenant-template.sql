--liquibase formatted sql

--changeset jifen:061-tenant-template
-- The industry template a tenant applied (module onboarding), once per tenant: what it made, so that applying the same
-- template again answers the same and another one is refused.
create table platform.tenant_template (
    tenant_id       uuid        not null primary key,
    industry        text        not null,
    rule_version_id uuid        not null,
    zone_ids        uuid[]      not null,
    applied_at      timestamptz not null
);
select platform.enable_tenant_isolation('platform.tenant_template');
