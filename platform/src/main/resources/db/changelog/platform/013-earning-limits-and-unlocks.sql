--liquibase formatted sql

--changeset jifen:013-earning-rule-usage
-- What each rule with limits has given each member per period ('D2026-11-23', 'W2026-W48', 'M2026-11', tenant time
-- zone), for the rules' per-member day, week and month limits. Keyed by the rule's id, so a new version that keeps the
-- id keeps counting.
create table platform.earning_rule_usage (
    tenant_id uuid   not null references platform.tenant (id),
    rule_id   text   not null,
    member_id uuid   not null,
    period    text   not null,
    points    bigint not null check (points >= 0),
    primary key (tenant_id, rule_id, member_id, period),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.earning_rule_usage');

--changeset jifen:013-earning-rule-budget
-- What each rule with a budget has given in all; the row is locked while a call's events draw on it.
create table platform.earning_rule_budget_use (
    tenant_id uuid   not null references platform.tenant (id),
    rule_id   text   not null,
    points    bigint not null check (points >= 0),
    primary key (tenant_id, rule_id)
);
select platform.enable_tenant_isolation('platform.earning_rule_budget_use');

--changeset jifen:013-earning-member-unlock
-- What members unlocked by completing tasks or task packages (e.g. an item only members who invited three friends may
-- redeem), once per member and code.
create table platform.earning_member_unlock (
    tenant_id   uuid        not null references platform.tenant (id),
    member_id   uuid        not null,
    code        text        not null,
    source      text        not null,
    unlocked_at timestamptz not null,
    primary key (tenant_id, member_id, code),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.earning_member_unlock');

--changeset jifen:013-earning-event-redundant-tenant-key
-- As for the ledger (009): the key to platform.tenant made every event insert share-lock the tenant's row, which
-- concurrent batches of one tenant then contend on; it is implied by the key to the member, whose tenant_id
-- references platform.tenant.
alter table platform.earning_event drop constraint earning_event_tenant_id_fkey;

--changeset jifen:013-earning-welfare-schedule
-- Monthly welfare (月度福利): on a day of each month (tenant time zone) every active member of an audience is granted
-- the points from a budget, all or nothing, once a month; each month's outcome is kept as a run.
create table platform.earning_welfare_schedule (
    tenant_id    uuid        not null references platform.tenant (id),
    id           text        not null check (id ~ '^[a-z0-9][a-z0-9_-]{0,40}$'),
    budget       text        not null,
    day_of_month integer     not null check (day_of_month between 1 and 28),
    points       bigint      not null check (points > 0),
    audience     text        not null,
    reason       text        not null,
    fingerprint  text        not null,
    active       boolean     not null,
    created_at   timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, budget) references platform.earning_budget (tenant_id, code)
);
select platform.enable_tenant_isolation('platform.earning_welfare_schedule');

create table platform.earning_welfare_run (
    tenant_id   uuid        not null references platform.tenant (id),
    schedule_id text        not null,
    month       text        not null,
    status      text        not null check (status in ('GRANTED', 'REFUSED')),
    members     integer     not null,
    points      bigint      not null,
    detail      text,
    ran_at      timestamptz not null,
    primary key (tenant_id, schedule_id, month),
    foreign key (tenant_id, schedule_id) references platform.earning_welfare_schedule (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.earning_welfare_run');

--changeset jifen:013-earning-tier-review
-- The tier reviews run: one per tenant and review period ('2026-11', '2026-Q4', '2026'), with how many members it lowered.
create table platform.earning_tier_review (
    tenant_id   uuid        not null references platform.tenant (id),
    period      text        not null,
    reviewed_at timestamptz not null,
    lowered     integer     not null,
    primary key (tenant_id, period)
);
select platform.enable_tenant_isolation('platform.earning_tier_review');

--changeset jifen:013-earning-member-day
-- The points each member earned from events per day (tenant time zone): the daily cap reads one row instead of
-- summing the day's events, which a busy member can have hundreds of. Kept in the transaction that stores the events.
create table platform.earning_member_day (
    tenant_id uuid   not null,
    member_id uuid   not null,
    day       date   not null,
    earned    bigint not null check (earned >= 0),
    primary key (tenant_id, member_id, day),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.earning_member_day');

--changeset jifen:013-earning-member-day-backfill splitStatements:false
-- From the events stored before, tenant by tenant (row-level security applies to the migration's role too).
do $$
declare
    tenant uuid;
begin
    for tenant in select id from platform.tenant loop
        perform set_config('app.tenant_id', tenant::text, true);
        insert into platform.earning_member_day (tenant_id, member_id, day, earned)
        select tenant_id, member_id, local_day, sum(points) from platform.earning_event
        where tenant_id = tenant and points > 0 group by tenant_id, member_id, local_day;
    end loop;
    perform set_config('app.tenant_id', '', true);
end
$$;
