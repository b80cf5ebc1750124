--liquibase formatted sql

-- Personal data and secrets at rest are encrypted (jifen-crypto: SM4-GCM by default, docs/architecture.md,
-- "Cryptography"). Step 1 of 3: the encrypted and blind index columns, beside the clear ones. Step 2 (016, Java)
-- encrypts the rows stored so far, step 3 (017) drops the clear columns. Sealed values are jifen-crypto envelopes
-- (they name their algorithm and key); *_index columns are HMAC-SM3 blind indexes for equality lookups.

--changeset jifen:015-member-encrypted
alter table platform.member
    add column display_name_encrypted bytea,
    add column mobile_encrypted       bytea,
    add column mobile_index           bytea,
    add column email_encrypted        bytea,
    add column email_index            bytea,
    add column birthday_encrypted     bytea,
    -- the month and day only, for the birthday gifts' "born on this day" lookup
    add column birthday_index         bytea;

--changeset jifen:015-tenant-admin-email-encrypted
alter table platform.tenant add column admin_email_encrypted bytea;

--changeset jifen:015-earning-webhook-secret-encrypted
alter table platform.earning_webhook_secret add column secret_encrypted bytea;
