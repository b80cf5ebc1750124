-- Seeds the monthly-run benchmark, as the superuser (row-level security does not apply): :tenants tenants, each with a
-- month of activity in the month starting :'month' (Beijing time) in both places the run reads:
--  * the platform's ledger, as the ledger posts it: a points type, :members members with a wallet each, the issuance
--    and redeemed accounts, per member :earns EARN transactions of 100 points and one SPEND of 150 in the month (and one
--    EARN after it, which the liability at month end must take back), wallet balances equal to their entries;
--  * billing: two plans, a subscription per tenant (every 10th changes plan mid-month, every 20th has a trial until
--    the 10th), one REDEMPTION usage record per day of the month and one REFUND.
--   psql -v tenants=10000 -v members=20 -v earns=3 -v month=2026-10-01 -f infra/bench/sql/billing-month.sql
\set ON_ERROR_STOP on
begin;
create temp table bench_tenant on commit drop as
select n, gen_random_uuid() as id, gen_random_uuid() as point_type, gen_random_uuid() as issuance, gen_random_uuid() as redeemed
from generate_series(1, :tenants) as n;
create temp table bench_window on commit drop as
select (:'month'::date)::timestamp at time zone 'Asia/Shanghai' as starts,
       ((:'month'::date + interval '1 month')::date)::timestamp at time zone 'Asia/Shanghai' as ends,
       extract(day from (:'month'::date + interval '1 month' - interval '1 day'))::int as days;

insert into platform.tenant (id, slug, name, status, time_zone, currency, locale, admin_email_encrypted, signup_fingerprint, created_at,
                             updated_at, version)
select id, 'bench-bill-' || n, '账单品牌 ' || n, 'ACTIVE', 'Asia/Shanghai', 'CNY', 'zh-CN', '\x00'::bytea, repeat('0', 64),
       now() - interval '1 year', now() - interval '1 year', 0
from bench_tenant;
insert into platform.point_type (tenant_id, id, code, name, anchor_points, anchor_amount_minor, currency, created_at)
select id, point_type, 'points', '积分', 100, 1, 'CNY', now() - interval '1 year' from bench_tenant;

create temp table bench_member on commit drop as
select t.id as tenant_id, t.point_type, t.issuance, t.redeemed, m, gen_random_uuid() as member_id, gen_random_uuid() as wallet
from bench_tenant t, generate_series(1, :members) as m;
insert into platform.member (tenant_id, id, external_id, audience, status, created_at, updated_at, version)
select tenant_id, member_id, 'bench-' || m, 'CONSUMER', 'ACTIVE', now() - interval '1 year', now() - interval '1 year', 0 from bench_member;
insert into platform.ledger_account (tenant_id, id, point_type_id, kind, member_id, balance)
select tenant_id, wallet, point_type, 'WALLET', member_id, (:earns + 1) * 100 - 150 from bench_member;
insert into platform.ledger_account (tenant_id, id, point_type_id, kind, member_id, balance)
select id, issuance, point_type, 'ISSUANCE', null::uuid, 0 from bench_tenant
union all
select id, redeemed, point_type, 'REDEEMED', null::uuid, 0 from bench_tenant;

-- k = 1..earns: EARN in the month; k = earns + 1: SPEND in the month; k = earns + 2: EARN after the month (today).
create temp table bench_tx on commit drop as
select b.*, k, gen_random_uuid() as tx,
       case when k <= :earns + 1 then w.starts + (w.ends - w.starts) * ((k * 7 + b.m) % 29 + 0.5) / 30 else now() - interval '1 minute' end as at
from bench_member b, bench_window w, generate_series(1, :earns + 2) as k;
insert into platform.ledger_transaction (tenant_id, id, point_type_id, member_id, kind, points, idempotency_key, request_hash, source, reason,
                                         balance_after, created_at)
select tenant_id, tx, point_type, member_id, case when k = :earns + 1 then 'SPEND' else 'EARN' end, case when k = :earns + 1 then 150 else 100 end,
       'bench-bill:' || tx, repeat('0', 64), 'bench', 'billing benchmark', 0, at
from bench_tx;
insert into platform.ledger_entry (tenant_id, transaction_id, line, account_id, amount)
select tenant_id, tx, 1, case when k = :earns + 1 then wallet else issuance end, case when k = :earns + 1 then -150 else -100 end from bench_tx
union all
select tenant_id, tx, 2, case when k = :earns + 1 then redeemed else wallet end, case when k = :earns + 1 then 150 else 100 end from bench_tx;

insert into billing.plan (code, version, name, base_fee_fen, included_members, overage_fen_per_member, service_fee_bp, goods_margin_bp,
                          notification_fen, tax_bp)
values ('bench-std', 1, '标准版', 99900, 10, 50, 200, 500, 5, 600), ('bench-pro', 1, '专业版', 299900, 1000, 30, 150, 300, 3, 600)
on conflict do nothing;
insert into billing.tenant (id) select id from bench_tenant;
insert into billing.subscription (tenant_id, id, plan_code, plan_version, starts_on, ends_on, trial_ends_on)
select id, gen_random_uuid(), 'bench-std', 1, :'month'::date - 60, case when n % 10 = 0 then :'month'::date + 14 end,
       case when n % 20 = 0 then :'month'::date + 9 end
from bench_tenant
union all
select id, gen_random_uuid(), 'bench-pro', 1, :'month'::date + 14, null, null from bench_tenant where n % 10 = 0;
insert into billing.usage_record (tenant_id, key, kind, occurred_at, redemption_fen, goods_cost_fen, quantity)
select t.id, 'order:bench-' || d || ':completed', 'REDEMPTION', w.starts + (d - 1) * interval '1 day' + interval '5 hours', 3000 + d * 10,
       case when d % 3 = 0 then 2500 else 0 end, 0
from bench_tenant t, bench_window w, generate_series(1, w.days) as d
union all
select t.id, 'order:bench-1:refund:1', 'REFUND', w.starts + interval '2 days', -1000, 0, 0 from bench_tenant t, bench_window w;
commit;
analyze platform.tenant, platform.member, platform.point_type, platform.ledger_account, platform.ledger_transaction, platform.ledger_entry;
analyze billing.tenant, billing.subscription, billing.usage_record;
