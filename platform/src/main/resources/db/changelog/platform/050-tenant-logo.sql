--liquibase formatted sql

--changeset jifen:050-tenant-logo-url
-- The brand's logo, an https URL, shown on its login page (Keycloak's Organization carries a copy, docs/architecture.md "Identity").
alter table platform.tenant add column logo_url text;
