#!/usr/bin/env bash
# The earning benchmark: order events in batches over HTTP into 10 tenants of 1,000 members, each tenant with a
# published rule set of 20 rules; every event is stored, priced and posted to the ledger before its batch is answered,
# so a batch's latency bounds the time from acceptance to the points being in the balance. pgbench's tpcb-like
# workload runs on the same PostgreSQL in the same run for the ratio. See docs/performance.md.
#
#   infra/bench/earning.sh     # USERS (default 5) concurrent clients, BATCH (500) events per request, PHASE_SECONDS (180:
#                              # about 1,000,000 events at 6,000 events/s)
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${USERS:-5}"
BATCH="${BATCH:-500}"
SECONDS_PER_PHASE="${PHASE_SECONDS:-180}"
WARMUP_SECONDS="${WARMUP_SECONDS:-30}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-earning}"
PORT="${PORT:-18082}"

command -v pgbench > /dev/null && command -v wrk > /dev/null && command -v jq > /dev/null || { apt-get update -q && apt-get install -y -q postgresql-client wrk jq; }

. infra/bench/stack.sh
build
start_stack earning
PG_PORT=$(echo "$JIFEN_DB_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
export PGPASSWORD=postgres
start_platform earning

SEED_DIR="$BENCH_HOME/seed-$$"
"$JAVA" infra/bench/BenchSeed.java seed "http://127.0.0.1:$PORT" "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR" > /dev/null
"$JAVA" infra/bench/BenchSeed.java rules "http://127.0.0.1:$PORT" "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR" 20
"$JAVA" infra/bench/BenchSeed.java tokens "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR"
MEMBERS="$SEED_DIR/wrk-members.txt" BATCH=$BATCH wrk -t2 -c"$USERS" -d"${WARMUP_SECONDS}s" --timeout 30s -s infra/bench/wrk/earning.lua \
  "http://127.0.0.1:$PORT" > /dev/null
"$JAVA" infra/bench/BenchSeed.java tokens "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen -c "create extension if not exists pg_stat_statements" \
  -c "select pg_stat_statements_reset()" > /dev/null
MEMBERS="$SEED_DIR/wrk-members.txt" BATCH=$BATCH wrk -t2 -c"$USERS" -d"${SECONDS_PER_PHASE}s" --timeout 30s -s infra/bench/wrk/earning.lua \
  "http://127.0.0.1:$PORT" > /tmp/jifen-bench-earning.log
# Where PostgreSQL spent its time in the measured phase, for the next round of work.
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen > /tmp/jifen-bench-earning-statements.log 2>&1 <<'SQL' || true
select calls, round(total_exec_time) as total_ms, round(mean_exec_time::numeric, 3) as mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
from pg_stat_statements order by total_exec_time desc limit 15;
SQL
read -r _ batches _ errors _ non2xx < <(grep '^BATCHES' /tmp/jifen-bench-earning.log)
read -r _ _ p50 _ p90 _ p99 _ max < <(grep '^LATENCY' /tmp/jifen-bench-earning.log)
events=$(( batches * BATCH ))
applied=$(psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen -c "select count(*) from platform.earning_event where state = 'APPLIED'" 2>/dev/null || echo "?")

psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "drop database if exists pgbench" -c "create database pgbench" 2>/dev/null
pgbench -q -i -s 10 -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench > /dev/null 2>&1
tpcb=$(pgbench -c "${PGBENCH_CLIENTS:-16}" -j 2 -T 30 -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench 2>/dev/null | sed -nE 's/^tps = ([0-9]+).*/\1/p')

echo
echo "clients: $USERS, batches of $BATCH order events, ${SECONDS_PER_PHASE} s, 10 tenants x 1,000 members, 20 rules each"
echo "events  : $events in ${SECONDS_PER_PHASE} s = $(( events / SECONDS_PER_PHASE )) events/s ($errors socket errors, $non2xx non-2xx batches; $applied events applied in all, warm-up included)"
echo "batch   : p50 $p50 ms, p90 $p90 ms, p99 $p99 ms, max $max ms (an event's points are in the balance when its batch is answered)"
echo "statements: /tmp/jifen-bench-earning-statements.log (PostgreSQL's time by statement)"
echo "pgbench : tpcb-like ${tpcb} tps; events/s = $(awk -v a="$(( events / SECONDS_PER_PHASE ))" -v b="$tpcb" 'BEGIN { printf "%.2f", a / b }')x"
