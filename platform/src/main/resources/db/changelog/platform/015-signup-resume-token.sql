--liquibase formatted sql

--changeset jifen:015-signup-resume-token
-- The SHA-256 (hex) of the resume token a sign-up's first answer carries: only its holder may continue the sign-up.
-- The token itself is never stored. Tenants registered before this have none, so their unfinished sign-ups only expire.
alter table platform.tenant add column signup_token_hash char(64);
