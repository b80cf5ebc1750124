--liquibase formatted sql

--changeset jifen:011-ledger-reconciliation-report
-- What each run of the reconciliation job found for a tenant: kept, so that a tenant admin and the operator can see
-- when the ledger last balanced and what was wrong when it did not.
create table platform.ledger_reconciliation_report (
    tenant_id    uuid        not null references platform.tenant (id),
    id           uuid        not null,
    checked_at   timestamptz not null,
    transactions bigint      not null,
    wallets      bigint      not null,
    violations   text[]      not null,
    primary key (tenant_id, id)
);
create index ledger_reconciliation_report_recent on platform.ledger_reconciliation_report (tenant_id, checked_at desc);
alter table platform.ledger_reconciliation_report enable row level security;
alter table platform.ledger_reconciliation_report force row level security;
create policy tenant_isolation on platform.ledger_reconciliation_report
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
