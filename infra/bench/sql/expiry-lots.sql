-- Seeds the expiry benchmark, as the superuser: for every member of the bench tenants one EARN transaction that
-- credited :lots lots of 10 points each, all expired a day ago (spread over a few minutes), posted the way the ledger
-- posts (entries, lots, movements, wallet balance), so that reconciliation still balances afterwards.
--   psql -v lots=100 -f infra/bench/sql/expiry-lots.sql
\set ON_ERROR_STOP on
begin;
create temp table seed on commit drop as
select m.tenant_id, m.id as member_id, p.id as point_type_id, gen_random_uuid() as tx
from platform.member m
join platform.tenant t on t.id = m.tenant_id and t.slug like 'bench-%'
join platform.point_type p on p.tenant_id = m.tenant_id and p.code = 'points';

insert into platform.ledger_account (tenant_id, id, point_type_id, kind, member_id, balance)
select tenant_id, gen_random_uuid(), point_type_id, 'WALLET', member_id, 0 from seed
on conflict do nothing;
insert into platform.ledger_account (tenant_id, id, point_type_id, kind, member_id, balance)
select distinct on (tenant_id, point_type_id) tenant_id, gen_random_uuid(), point_type_id, 'ISSUANCE', null::uuid, 0 from seed
on conflict do nothing;

create temp table seed_wallet on commit drop as
select s.*, w.id as wallet, i.id as issuance, w.balance
from seed s
join platform.ledger_account w on w.tenant_id = s.tenant_id and w.point_type_id = s.point_type_id and w.kind = 'WALLET'
                               and w.member_id = s.member_id
join platform.ledger_account i on i.tenant_id = s.tenant_id and i.point_type_id = s.point_type_id and i.kind = 'ISSUANCE';

insert into platform.ledger_transaction (tenant_id, id, point_type_id, member_id, kind, points, idempotency_key, request_hash,
                                         source, reason, balance_after, created_at)
select tenant_id, tx, point_type_id, member_id, 'EARN', :lots * 10, 'bench-expiry:' || tx, repeat('0', 64), 'bench', 'expiry benchmark',
       balance + :lots * 10, now() - interval '400 days'
from seed_wallet;
insert into platform.ledger_entry (tenant_id, transaction_id, line, account_id, amount)
select tenant_id, tx, 1, issuance, -:lots * 10 from seed_wallet
union all
select tenant_id, tx, 2, wallet, :lots * 10 from seed_wallet;
insert into platform.ledger_lot (tenant_id, id, account_id, transaction_id, original, remaining, earned_at, expires_at)
select tenant_id, gen_random_uuid(), wallet, tx, 10, 10, now() - interval '400 days',
       now() - interval '1 day' + n * interval '1 second'
from seed_wallet, generate_series(1, :lots) as n;
insert into platform.ledger_lot_movement (tenant_id, transaction_id, lot_id, amount)
select l.tenant_id, l.transaction_id, l.id, 10
from platform.ledger_lot l join seed_wallet s on s.tenant_id = l.tenant_id and s.tx = l.transaction_id;
update platform.ledger_account a set balance = a.balance + :lots * 10
from seed_wallet s where a.tenant_id = s.tenant_id and a.id = s.wallet;
commit;
analyze platform.ledger_lot;
analyze platform.ledger_lot_movement;
select count(*) as due_lots from platform.ledger_lot where remaining > 0 and expires_at <= now();
