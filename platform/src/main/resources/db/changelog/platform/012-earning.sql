--liquibase formatted sql

--changeset jifen:012-tenant-isolation-function splitStatements:false
-- Row-level security for a tenant-owned table in one call: enabled, forced (the owner too) and the tenant_isolation
-- policy on platform.current_tenant(). Earlier changesets spell the three statements out; new tables use this.
create or replace function platform.enable_tenant_isolation(target regclass) returns void language plpgsql as $$
begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format('create policy tenant_isolation on %s using (tenant_id = platform.current_tenant())'
                   ' with check (tenant_id = platform.current_tenant())', target);
end
$$;

--changeset jifen:012-earning-rule-version
-- A tenant's earning rules, versioned: a version is a whole rule set (JSON, validated on save) with the range of time
-- it is effective in. Drafts can be changed; a published version cannot (it is history), only ended by the next one.
create table platform.earning_rule_version (
    tenant_id      uuid        not null references platform.tenant (id),
    id             uuid        not null,
    version        integer     not null check (version > 0),
    state          text        not null check (state in ('DRAFT', 'PUBLISHED')),
    effective_from timestamptz not null,
    effective_to   timestamptz,
    spec           jsonb       not null,
    note           text,
    created_at     timestamptz not null,
    created_by     text,
    published_at   timestamptz,
    published_by   text,
    primary key (tenant_id, id),
    unique (tenant_id, version),
    check (effective_to is null or effective_to > effective_from)
);
create index earning_rule_version_effective on platform.earning_rule_version (tenant_id, effective_from) where state = 'PUBLISHED';
select platform.enable_tenant_isolation('platform.earning_rule_version');

--changeset jifen:012-earning-event
-- Every event a brand sent that was accepted, once (its id is the key): RECEIVED when stored with the points it earns,
-- APPLIED once the ledger has them (transaction_id). A replayed id answers the stored outcome; an event refused for bad
-- input is not stored (the brand fixes and resends it). Order events keep the order id, so a refund finds the points
-- its order earned; a refund's points are negative (what it took back).
create table platform.earning_event (
    tenant_id      uuid        not null references platform.tenant (id),
    event_id       text        not null check (event_id ~ '^[A-Za-z0-9._:-]{1,100}$'),
    type           text        not null,
    member_id      uuid        not null,
    occurred_at    timestamptz not null,
    local_day      date        not null,
    order_id       text,
    amount_fen     bigint,
    fingerprint    text        not null,
    state          text        not null check (state in ('RECEIVED', 'APPLIED')),
    points         bigint      not null,
    rule_version   integer,
    lines          jsonb       not null,
    transaction_id uuid,
    reason         text,
    received_at    timestamptz not null,
    primary key (tenant_id, event_id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
create index earning_event_member_day on platform.earning_event (tenant_id, member_id, local_day);
create index earning_event_order on platform.earning_event (tenant_id, order_id, type) where order_id is not null;
select platform.enable_tenant_isolation('platform.earning_event');

--changeset jifen:012-earning-webhook-secret
-- The secret a tenant's systems sign webhook-style event posts with (HMAC-SHA256), for systems that cannot do OAuth2.
-- It must be readable to verify signatures, so it is kept as issued (behind RLS); rotating it replaces it at once.
create table platform.earning_webhook_secret (
    tenant_id  uuid        not null references platform.tenant (id),
    secret     text        not null,
    created_at timestamptz not null,
    primary key (tenant_id)
);
select platform.enable_tenant_isolation('platform.earning_webhook_secret');

--changeset jifen:012-earning-check-in
-- A member's check-ins, one a day (tenant time zone), with the streak each made and the device it came from.
create table platform.earning_check_in (
    tenant_id  uuid        not null references platform.tenant (id),
    member_id  uuid        not null,
    day        date        not null,
    streak     integer     not null check (streak > 0),
    device_id  text,
    checked_at timestamptz not null,
    event_id   text        not null,
    primary key (tenant_id, member_id, day),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
create index earning_check_in_device on platform.earning_check_in (tenant_id, device_id, checked_at) where device_id is not null;
select platform.enable_tenant_isolation('platform.earning_check_in');

--changeset jifen:012-earning-risk-event
-- Events judged abuse by the anti-abuse limits (they earned nothing), for the brand to review.
create table platform.earning_risk_event (
    tenant_id  uuid        not null references platform.tenant (id),
    event_id   text        not null,
    member_id  uuid        not null,
    type       text        not null,
    reason     text        not null,
    created_at timestamptz not null,
    primary key (tenant_id, event_id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
create index earning_risk_event_recent on platform.earning_risk_event (tenant_id, created_at desc);
select platform.enable_tenant_isolation('platform.earning_risk_event');

--changeset jifen:012-earning-member-tier
-- A member's tier on the tenant's ladder (its code), reached at once when the qualifying score crosses a threshold;
-- and every change, kept.
create table platform.earning_member_tier (
    tenant_id uuid        not null references platform.tenant (id),
    member_id uuid        not null,
    tier_code text        not null,
    score     bigint      not null,
    since     timestamptz not null,
    -- A tier an admin granted as the member's floor: never lowered below it.
    floor_tier text,
    primary key (tenant_id, member_id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.earning_member_tier');

create table platform.earning_tier_change (
    tenant_id uuid        not null references platform.tenant (id),
    member_id uuid        not null,
    at        timestamptz not null,
    from_tier text,
    to_tier   text        not null,
    score     bigint      not null,
    reason    text        not null,
    event_id  text,
    primary key (tenant_id, member_id, at, to_tier),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.earning_tier_change');

--changeset jifen:012-earning-member-segment
-- RFM scores and the segment of every member, as of the last run of the segments job: recency (days since the last
-- event), frequency (paid orders in the last 365 days), monetary (their amount); scores 1 to 5 by quintile within the
-- tenant; segment HIGH_VALUE, POTENTIAL, REGULAR, DORMANT (nothing for 90 days) or CHURNED (nothing for 365, or ever).
create table platform.earning_member_segment (
    tenant_id    uuid        not null references platform.tenant (id),
    member_id    uuid        not null,
    recency_days integer,
    frequency    integer     not null,
    monetary_fen bigint      not null,
    r            integer     not null check (r between 0 and 5),
    f            integer     not null check (f between 0 and 5),
    m            integer     not null check (m between 0 and 5),
    segment      text        not null check (segment in ('HIGH_VALUE', 'POTENTIAL', 'REGULAR', 'DORMANT', 'CHURNED')),
    computed_at  timestamptz not null,
    primary key (tenant_id, member_id),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
create index earning_member_segment_segment on platform.earning_member_segment (tenant_id, segment);
select platform.enable_tenant_isolation('platform.earning_member_segment');

--changeset jifen:012-earning-budget
-- B2B budgets (a department's or cost centre's points for its employees): funded by the tenant, drawn by grants. A
-- grant posts every line to the ledger and draws the budget in one transaction, or does nothing.
create table platform.earning_budget (
    tenant_id  uuid        not null references platform.tenant (id),
    code       text        not null check (code ~ '^[a-z0-9][a-z0-9_-]{0,40}$'),
    name       text        not null,
    funded     bigint      not null default 0 check (funded >= 0),
    granted    bigint      not null default 0 check (granted >= 0 and granted <= funded),
    created_at timestamptz not null,
    primary key (tenant_id, code)
);
select platform.enable_tenant_isolation('platform.earning_budget');

create table platform.earning_budget_movement (
    tenant_id  uuid        not null references platform.tenant (id),
    id         text        not null,
    budget     text        not null,
    kind       text        not null check (kind in ('FUNDING', 'GRANT')),
    points     bigint      not null check (points > 0),
    lines      integer     not null,
    fingerprint text       not null,
    reason     text        not null,
    actor      text,
    created_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, budget) references platform.earning_budget (tenant_id, code)
);
select platform.enable_tenant_isolation('platform.earning_budget_movement');

--changeset jifen:012-earning-task-progress
-- Members' progress on the tasks of the rule set: events counted per task and period (once, a day, an ISO week or a
-- month in the tenant's time zone), and when the task was completed (and paid) in that period.
create table platform.earning_task_progress (
    tenant_id    uuid        not null references platform.tenant (id),
    member_id    uuid        not null,
    task_id      text        not null,
    period_key   text        not null,
    count        integer     not null check (count >= 0),
    completed_at timestamptz,
    primary key (tenant_id, member_id, task_id, period_key),
    foreign key (tenant_id, member_id) references platform.member (tenant_id, id)
);
select platform.enable_tenant_isolation('platform.earning_task_progress');
