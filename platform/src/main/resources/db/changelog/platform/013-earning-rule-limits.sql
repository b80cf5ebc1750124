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
