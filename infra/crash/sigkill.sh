#!/usr/bin/env bash
# Crash test: kills the platform with SIGKILL in the middle of an earn load and checks, after a restart, that every
# posting the platform acknowledged is there exactly once and that the ledger reconciles.
#
#   infra/crash/sigkill.sh     # builds first unless SKIP_BUILD=1; KILL_AFTER=20 (s of load), WORKERS=8, MEMBERS=50
#
# The load (infra/crash/earn_load.py) posts earns with idempotency keys and records each 201 as it arrives. After the
# restart the script compares those acknowledgements with the ledger (PostgreSQL, as superuser): none missing, none
# twice, points and member as acknowledged; requests in flight at the kill may or may not have committed (at most
# one each, never acknowledged). Then: each member's balance equals the sum of its committed earns and is at least the
# acknowledged sum; replaying acknowledged requests with their keys changes nothing; the tenant's reconciliation
# finds no problem. Exits non-zero if any check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
KILL_AFTER="${KILL_AFTER:-20}"; WORKERS="${WORKERS:-8}"; MEMBERS="${MEMBERS:-50}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-crash}"; PORT="${PORT:-18195}"
command -v psql > /dev/null || { apt-get update -q && apt-get install -y -q postgresql-client; }
. infra/bench/stack.sh
build
start_stack crash
start_platform crash
ISSUER="$JIFEN_KEYCLOAK_URL/realms/jifen"
API="http://127.0.0.1:$PORT"
SEED_DIR="$BENCH_HOME/seed-$$"
"$JAVA" infra/bench/BenchSeed.java seed "$API" "$ISSUER" "$SEED_DIR" 1 "$MEMBERS" > /dev/null
read -r CLIENT SECRET < "$SEED_DIR/clients.txt"
SLUG=$(head -1 "$SEED_DIR/tenants.txt")
token() { curl -sf -d grant_type=client_credentials -d client_id="$CLIENT" -d client_secret="$SECRET" "$ISSUER/protocol/openid-connect/token" | jq -r .access_token; }
ACKS="$SEED_DIR/acks.txt"; : > "$ACKS"
RUN=$(date +%s)

echo "earn load: $WORKERS workers on $MEMBERS members; SIGKILL after ${KILL_AFTER}s"
python3 infra/crash/earn_load.py "$API" "$(token)" "$SEED_DIR/members.txt" "$ACKS" "$RUN" "$WORKERS" > "$SEED_DIR/load.json" &
load_pid=$!
sleep "$KILL_AFTER"
kill -KILL "$platform_pid"
wait "$platform_pid" 2>/dev/null || true
killed_at=$(date +%s.%N)
platform_pid=""
wait "$load_pid"
echo "load at the kill: $(cat "$SEED_DIR/load.json"), $(wc -l < "$ACKS") acknowledgements recorded"

start_platform crash-restart
echo "restarted in $(awk -v a="$killed_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s after the kill"

PG_PORT=$(echo "$JIFEN_DB_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
export PGPASSWORD=postgres
sql() { psql -X -q -t -A -F ' ' -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen -v ON_ERROR_STOP=1 "$@"; }
read -r missing wrong twice extra acked_points committed_points < <(sql <<SQL
create temp table ack (key varchar(100), member_id uuid, points bigint);
\copy ack from '$ACKS' with (format text, delimiter ' ')
create temp table posted as
  select t.idempotency_key as key, t.member_id, t.points from platform.ledger_transaction t
  join platform.tenant n on n.id = t.tenant_id
  where n.slug = '$SLUG' and t.idempotency_key like 'crash-$RUN-%';
select (select count(*) from ack where key not in (select key from posted)),
       (select count(*) from ack a join posted p using (key) where p.member_id <> a.member_id or p.points <> a.points),
       (select count(*) from (select key from posted group by key having count(*) > 1) d),
       (select count(*) from posted where key not in (select key from ack)),
       (select coalesce(sum(points), 0) from ack),
       (select coalesce(sum(points), 0) from posted);
SQL
)
echo "acknowledged: $(wc -l < "$ACKS") postings, $acked_points points; in the ledger: $committed_points points"
echo "missing $missing, different from the acknowledgement $wrong, twice $twice, committed but not acknowledged (in flight) $extra"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
[ "$missing" -eq 0 ] || fail "$missing acknowledged postings are missing"
[ "$wrong" -eq 0 ] || fail "$wrong postings differ from their acknowledgement"
[ "$twice" -eq 0 ] || fail "$twice keys posted twice"
[ "$extra" -le "$WORKERS" ] || fail "$extra unacknowledged postings, more than the $WORKERS requests that can have been in flight"

TOKEN=$(token)
balance_problems=0
while read -r member committed acknowledged; do
  available=$(curl -sf -H "Authorization: Bearer $TOKEN" "$API/api/v1/members/$member/points/balance" | jq -r .available)
  if [ "$available" != "$committed" ] || [ "$available" -lt "$acknowledged" ]; then
    echo "member $member: balance $available, committed $committed, acknowledged $acknowledged"
    balance_problems=$((balance_problems + 1))
  fi
done < <(sql <<SQL
create temp table ack (key varchar(100), member_id uuid, points bigint);
\copy ack from '$ACKS' with (format text, delimiter ' ')
select t.member_id, sum(t.points), coalesce((select sum(a.points) from ack a where a.member_id = t.member_id), 0)
from platform.ledger_transaction t join platform.tenant n on n.id = t.tenant_id
where n.slug = '$SLUG' group by t.member_id;
SQL
)
[ "$balance_problems" -eq 0 ] || fail "$balance_problems members' balances differ from their postings"
echo "balances: $(wc -l < "$SEED_DIR/members.txt") members checked, $balance_problems differ"

# Replaying acknowledged requests (the first 200) with their keys answers the original posting and adds nothing.
before=$(sql -c "select coalesce(sum(points), 0) from platform.ledger_transaction t join platform.tenant n on n.id = t.tenant_id where n.slug = '$SLUG'")
replayed=0
while read -r key member points; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $key" -d "{\"points\": $points, \"source\": \"crash-test\"}" "$API/api/v1/members/$member/points/earn")
  case "$status" in 200|201) replayed=$((replayed + 1)) ;; *) fail "replaying $key answered $status" ;; esac
done < <(head -200 "$ACKS")
after=$(sql -c "select coalesce(sum(points), 0) from platform.ledger_transaction t join platform.tenant n on n.id = t.tenant_id where n.slug = '$SLUG'")
[ "$before" = "$after" ] || fail "replays changed the ledger: $before -> $after points"
echo "replayed $replayed acknowledged requests: ledger total $before -> $after"

ADMIN=$(curl -sf -d grant_type=password -d client_id=jifen-demo-cli -d username="admin@$SLUG.bench" -d password=bench-password-123 \
  "$ISSUER/protocol/openid-connect/token" | jq -r .access_token)
report=$(curl -sf -H "Authorization: Bearer $ADMIN" "$API/api/v1/points/reconciliation")
echo "reconciliation: $report"
[ "$(echo "$report" | jq -r '.violations | length')" = "0" ] || fail "the reconciliation found problems"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "every acknowledged posting survived the SIGKILL exactly once; the ledger reconciles"
