--liquibase formatted sql

--changeset jifen:billing-999-grants runAlways:true runOnChange:true
grant usage on schema billing to ${app_role};
grant select, insert, update, delete on all tables in schema billing to ${app_role};
grant usage, select on all sequences in schema billing to ${app_role};
