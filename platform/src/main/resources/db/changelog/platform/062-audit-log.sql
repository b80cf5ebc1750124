--liquibase formatted sql

--changeset jifen:062-audit-event
-- The audit log (module audit): one row per admin change made through the API, written in the change's own transaction
-- where the module records it (docs/architecture.md, "Audit log"). before and after are the resource's representation,
-- with secrets and sealed fields redacted before they get here. Append-only: rows are never updated or deleted.
create table platform.audit_event (
    tenant_id     uuid        not null,
    id            uuid        not null,
    occurred_at   timestamptz not null,
    actor_subject text,
    actor_client  text,
    actor_roles   text[]      not null,
    method        text        not null,
    path          text        not null,
    path_ids      jsonb       not null,
    resource_type text        not null,
    resource_id   text,
    before        jsonb,
    after         jsonb,
    request_id    text,
    primary key (tenant_id, id)
);
-- The console's listing, newest first, and its filters by resource and by actor.
create index audit_event_listing on platform.audit_event (tenant_id, occurred_at desc, id desc);
create index audit_event_by_resource on platform.audit_event (tenant_id, resource_type, resource_id, occurred_at desc, id desc);
select platform.enable_tenant_isolation('platform.audit_event');

--changeset jifen:062-operator-audit-event
-- The platform operator's changes (suspensions, job runs, settlements): no tenant's data, so no tenant owns them.
create table platform.operator_audit_event (
    id            uuid        not null primary key,
    occurred_at   timestamptz not null,
    actor_subject text,
    actor_client  text,
    actor_roles   text[]      not null,
    method        text        not null,
    path          text        not null,
    path_ids      jsonb       not null,
    resource_type text        not null,
    resource_id   text,
    before        jsonb,
    after         jsonb,
    request_id    text
);
create index operator_audit_event_listing on platform.operator_audit_event (occurred_at desc, id desc);

--changeset jifen:062-audit-append-only splitStatements:false
-- Nobody, the owner included, changes or removes what the log says (the grants changeset gives the application role
-- update and delete on every table; this trigger refuses them here).
create function platform.refuse_audit_rewrite() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name;
end
$$;
create trigger audit_event_append_only before update or delete on platform.audit_event
    for each row execute function platform.refuse_audit_rewrite();
create trigger audit_event_no_truncate before truncate on platform.audit_event
    for each statement execute function platform.refuse_audit_rewrite();
create trigger operator_audit_event_append_only before update or delete on platform.operator_audit_event
    for each row execute function platform.refuse_audit_rewrite();
create trigger operator_audit_event_no_truncate before truncate on platform.operator_audit_event
    for each statement execute function platform.refuse_audit_rewrite();
