--liquibase formatted sql

--changeset jifen:001-schema
create schema if not exists platform;

-- The tenant of the current transaction, set by the application with set_config('app.tenant_id', ..., true).
-- Empty or unset means no tenant: row-level security then shows no tenant-owned row.
create function platform.current_tenant() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

--changeset jifen:001-tenant
-- The registry of tenants: the one platform-level table (its row is the tenant itself).
create table platform.tenant (
    id                       uuid primary key,
    slug                     varchar(40)  not null unique,
    name                     varchar(100) not null,
    status                   varchar(16)  not null check (status in ('PROVISIONING', 'ACTIVE', 'SUSPENDED')),
    time_zone                varchar(64)  not null,
    currency                 char(3)      not null,
    locale                   varchar(16)  not null,
    admin_email              varchar(254) not null,
    signup_fingerprint       char(64)     not null,
    keycloak_organization_id varchar(64),
    created_at               timestamptz  not null,
    updated_at               timestamptz  not null,
    version                  bigint       not null
);

--changeset jifen:001-point-type
create table platform.point_type (
    tenant_id           uuid        not null references platform.tenant (id),
    id                  uuid        not null,
    code                varchar(32) not null,
    name                varchar(32) not null,
    anchor_points       bigint      not null check (anchor_points > 0),
    anchor_amount_minor bigint      not null check (anchor_amount_minor >= 0),
    currency            char(3)     not null,
    created_at          timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, code)
);
alter table platform.point_type enable row level security;
alter table platform.point_type force row level security;
create policy tenant_isolation on platform.point_type
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
