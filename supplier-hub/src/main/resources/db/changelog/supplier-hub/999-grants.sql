--liquibase formatted sql

--changeset jifen:hub-999-grants runAlways:true runOnChange:true
grant usage on schema supplier_hub to ${app_role};
grant select, insert, update, delete on all tables in schema supplier_hub to ${app_role};
