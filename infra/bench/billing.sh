#!/usr/bin/env bash
# The monthly billing run benchmark: TENANTS tenants (10,000 by default), each with a month of ledger activity and
# billing usage seeded set-based (infra/bench/sql/billing-month.sql), then one run of the month through the operator's
# API on the platform jar (its ledger reading, the platform's LedgerMonthStatements, included). Reports the run's wall
# time, PostgreSQL's statements per tenant and execution time (pg_stat_statements), and the CPU time of the platform
# JVM and of PostgreSQL during the run. See docs/performance.md ("Issue 18: the monthly run").
#
#   infra/bench/billing.sh      # TENANTS=10000 MEMBERS=20 EARNS=3; SKIP_BUILD=1 to reuse the last build
set -euo pipefail
cd "$(dirname "$0")/../.."
TENANTS="${TENANTS:-10000}"
MEMBERS="${MEMBERS:-20}"
EARNS="${EARNS:-3}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-billing}"
PORT="${PORT:-18082}"

command -v psql > /dev/null && command -v jq > /dev/null || { apt-get update -q && apt-get install -y -q postgresql-client jq; }

. infra/bench/stack.sh
build
# Keycloak initializes its schema on the fresh data: on a busy machine that takes longer than the devstack's default 3 minutes.
start_stack billing JIFEN_DEVSTACK_READY_SECONDS="${JIFEN_DEVSTACK_READY_SECONDS:-600}"
PG_PORT=$(echo "$JIFEN_DB_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
# The schedules off: only the run started below runs.
start_platform billing --jifen.billing.schedule.monthly-run=- --jifen.billing.schedule.finalize-drafts=-
export PGPASSWORD=postgres
sql() { psql -q -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen "$@"; }

# The month before this one, in Beijing time.
MONTH=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 month" +%Y-%m-01)
seed_start=$(date +%s.%N)
sql -v tenants="$TENANTS" -v members="$MEMBERS" -v earns="$EARNS" -v month="$MONTH" -f infra/bench/sql/billing-month.sql > /dev/null
seed_end=$(date +%s.%N)
echo "seeded $TENANTS tenants x $MEMBERS members, $EARNS earns + 1 spend each, a month of usage, for $MONTH in $(echo "$seed_end - $seed_start" | bc) s"

POSTMASTER=$(head -1 "$BENCH_HOME/local/postgres/postmaster.pid")
operator=$("$JAVA" infra/bench/BenchSeed.java operator "$JIFEN_KEYCLOAK_URL")
sql -c "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" > /dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
platform_before=$(ticks "$platform_pid"); pg_before=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
start=$(date +%s.%N)
run=$(curl -sf -X POST -H "Authorization: Bearer $operator" -H 'Content-Type: application/json' \
  -d "{\"period\": \"${MONTH:0:7}\"}" "http://127.0.0.1:$PORT/api/v1/operator/billing/runs")
end=$(date +%s.%N)
platform_after=$(ticks "$platform_pid"); pg_after=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
hz=$(getconf CLK_TCK)

invoices=$(sql -At -c "select count(*) from billing.invoice where period = '$MONTH'")
read -r calls exec_ms < <(sql -At -F' ' -c "select sum(calls), round(sum(total_exec_time)) from pg_stat_statements
  where dbid = (select oid from pg_database where datname = 'jifen')")
echo
echo "run          : $(echo "$run" | jq -r '.status + ", " + (.tenantsProcessed | tostring) + " tenants processed"'), $invoices invoices"
echo "wall time    : $(echo "$end - $start" | bc) s (the operator's request, the run inside it)"
echo "statements   : $calls in PostgreSQL ($(echo "scale=1; $calls / $TENANTS" | bc) per tenant), ${exec_ms} ms executing them"
echo "CPU          : platform $(echo "scale=1; ($platform_after - $platform_before) / $hz" | bc) s, PostgreSQL $(echo "scale=1; ($pg_after - $pg_before) / $hz" | bc) s"
echo "load average : $load_before before, $load_after after (1, 5, 15 min; 2 cores)"
echo "statements by calls:"
sql -At -F' | ' -c "select calls, round(total_exec_time), left(regexp_replace(query, '\s+', ' ', 'g'), 110) from pg_stat_statements
  where dbid = (select oid from pg_database where datname = 'jifen') order by calls desc limit 12"
