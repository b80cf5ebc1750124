--liquibase formatted sql

--changeset jifen:002-member
create table platform.member (
    tenant_id    uuid         not null references platform.tenant (id),
    id           uuid         not null,
    external_id  varchar(64)  not null,
    audience     varchar(16)  not null check (audience in ('CONSUMER', 'EMPLOYEE', 'DEALER', 'SALES_GUIDE')),
    status       varchar(16)  not null check (status in ('ACTIVE', 'FROZEN', 'BLACKLISTED')),
    display_name varchar(64),
    mobile       varchar(20),
    email        varchar(254),
    birthday     date,
    region       varchar(64),
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    version      bigint       not null,
    primary key (tenant_id, id),
    unique (tenant_id, external_id)
);
create index member_listing on platform.member (tenant_id, created_at, id);
alter table platform.member enable row level security;
alter table platform.member force row level security;
create policy tenant_isolation on platform.member
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());

--changeset jifen:002-api-client
create table platform.api_client (
    tenant_id         uuid         not null references platform.tenant (id),
    id                uuid         not null,
    client_id         varchar(100) not null,
    keycloak_id       varchar(64)  not null,
    name              varchar(64)  not null,
    created_at        timestamptz  not null,
    secret_rotated_at timestamptz  not null,
    primary key (tenant_id, id),
    unique (tenant_id, client_id)
);
alter table platform.api_client enable row level security;
alter table platform.api_client force row level security;
create policy tenant_isolation on platform.api_client
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
