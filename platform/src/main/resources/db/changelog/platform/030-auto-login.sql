--liquibase formatted sql

--changeset jifen:030-auto-login-setting
-- A tenant's signed auto-login links (docs/architecture.md, "Identity"): the secret its back end signs them with
-- (HMAC-SHA256; sealed with jifen-crypto, it must be readable to verify) and whether a link for an unknown external
-- id creates the member.
create table platform.auto_login_setting (
    tenant_id               uuid        not null references platform.tenant (id),
    secret_encrypted        bytea,
    create_unknown_members  boolean     not null default false,
    updated_at              timestamptz not null,
    primary key (tenant_id)
);
select platform.enable_tenant_isolation('platform.auto_login_setting');

--changeset jifen:030-auto-login-nonce
-- The nonces of the links used, kept until the link would have expired anyway: a link opens one session only.
create table platform.auto_login_nonce (
    tenant_id  uuid        not null references platform.tenant (id),
    nonce      text        not null,
    expires_at timestamptz not null,
    primary key (tenant_id, nonce)
);
create index auto_login_nonce_expires_at on platform.auto_login_nonce (tenant_id, expires_at);
select platform.enable_tenant_isolation('platform.auto_login_nonce');
