--liquibase formatted sql

--changeset jifen:999-grants runAlways:true
grant usage on schema platform to ${app_role};
grant select, insert, update, delete on all tables in schema platform to ${app_role};
grant execute on all functions in schema platform to ${app_role};
