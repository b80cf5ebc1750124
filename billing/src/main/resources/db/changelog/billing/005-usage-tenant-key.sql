--liquibase formatted sql

--changeset jifen:billing-005-usage-tenant-key
-- A usage record's key to its tenant was checked on every record, and the check key-share-locks the tenant's row,
-- which every order of the tenant metered at once locks too: PostgreSQL built multixacts for them. The record's insert
-- registers its tenant in the same statement (UsageMeter), and no path deletes a billing tenant, so the row it
-- referenced is there without the check.
alter table billing.usage_record drop constraint usage_record_tenant_id_fkey;
