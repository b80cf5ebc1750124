--liquibase formatted sql

--changeset jifen:999-grants runAlways:true runOnChange:true
grant usage on schema platform to ${app_role};
grant select, insert, update, delete on all tables in schema platform to ${app_role};
grant execute on all functions in schema platform to ${app_role};
grant usage on schema batch to ${app_role};
grant select, insert, update, delete on all tables in schema batch to ${app_role};
grant usage, select on all sequences in schema batch to ${app_role};
grant usage on schema events to ${app_role};
grant select, insert, update, delete on all tables in schema events to ${app_role};
