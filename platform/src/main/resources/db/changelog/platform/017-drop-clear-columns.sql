--liquibase formatted sql

-- Step 3 of 3 (see 015): every row is encrypted now (016); the clear columns go.

--changeset jifen:017-member-drop-clear
alter table platform.member
    drop column display_name,
    drop column mobile,
    drop column email,
    drop column birthday;
-- Lookups by mobile and e-mail, and the birthday gifts' lookup by month and day, go through the blind indexes. They
-- are not unique: the member table never required a mobile or e-mail to be unique (external_id is the member's key).
create index member_mobile on platform.member (tenant_id, mobile_index) where mobile_index is not null;
create index member_email on platform.member (tenant_id, email_index) where email_index is not null;
create index member_birthday on platform.member (tenant_id, birthday_index) where birthday_index is not null;

--changeset jifen:017-tenant-drop-clear
alter table platform.tenant drop column admin_email;
alter table platform.tenant alter column admin_email_encrypted set not null;

--changeset jifen:017-earning-webhook-secret-drop-clear
alter table platform.earning_webhook_secret drop column secret;
alter table platform.earning_webhook_secret alter column secret_encrypted set not null;
