--liquibase formatted sql

--changeset jifen:006-expiry-reminders
-- Days before points expire that members are reminded (0: never).
alter table platform.point_type
    add column expiry_reminder_days int not null default 30 check (expiry_reminder_days between 0 and 365);

-- One reminder per member, point type and expiry date (in the tenant's time zone): reruns never remind twice.
create table platform.ledger_expiry_reminder (
    tenant_id     uuid        not null references platform.tenant (id),
    id            uuid        not null,
    member_id     uuid        not null,
    point_type_id uuid        not null,
    points        bigint      not null check (points > 0),
    expires_on    date        not null,
    created_at    timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, member_id, point_type_id, expires_on),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id),
    foreign key (tenant_id, point_type_id) references platform.point_type (tenant_id, id)
);
alter table platform.ledger_expiry_reminder enable row level security;
alter table platform.ledger_expiry_reminder force row level security;
create policy tenant_isolation on platform.ledger_expiry_reminder
    using (tenant_id = platform.current_tenant()) with check (tenant_id = platform.current_tenant());
