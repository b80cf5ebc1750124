--liquibase formatted sql

--changeset jifen:067-tenant-onboarded-at
-- When the brand's admin finished (or skipped to the end of) the console's onboarding wizard; null: the console opens
-- the wizard for the tenant's admins (docs/architecture.md, "Sign-up (onboarding)"). Brands active before the wizard
-- existed count as onboarded when they were created.
alter table platform.tenant add column onboarded_at timestamptz;
update platform.tenant set onboarded_at = created_at where status <> 'PROVISIONING';
