--liquibase formatted sql

--changeset jifen:063-tenant-mall-colors
-- The mall's colours (#RRGGBB), beside its name and logo (docs/architecture.md, "The mall on the phone"); null: the default.
alter table platform.tenant add column primary_color text, add column accent_color text;
