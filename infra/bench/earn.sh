#!/usr/bin/env bash
# The earn phase of infra/bench/ledger.sh alone (the same load: 32 clients, 60 s warm-up, 30 s measured) and pgbench
# tpcb-like on the same PostgreSQL, with the CPU an earn costs the platform and PostgreSQL: quick enough (about four
# minutes) to run before/after pairs of two builds back to back, which is how earn regressions are told from noise.
#
#   infra/bench/earn.sh            # builds first unless SKIP_BUILD=1
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=32; SECONDS_PER_PHASE=30; WARMUP_SECONDS=60
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-earn}"; PORT="${PORT:-18095}"
command -v pgbench > /dev/null && command -v wrk > /dev/null || { apt-get update -q && apt-get install -y -q postgresql-client wrk; }
. infra/bench/stack.sh
build
start_stack earn
PG_PORT=$(echo "$JIFEN_DB_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
start_platform earn
SEED_DIR="$BENCH_HOME/seed-$$"
"$JAVA" infra/bench/BenchSeed.java seed "http://127.0.0.1:$PORT" "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR" > /dev/null
POSTMASTER=$(head -1 "$BENCH_HOME/local/postgres/postmaster.pid")
"$JAVA" infra/bench/BenchSeed.java tokens "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR"
MEMBERS="$SEED_DIR/wrk-members.txt" PHASE=earn wrk -t2 -c"$USERS" -d"${WARMUP_SECONDS}s" -s infra/bench/wrk/ledger.lua "http://127.0.0.1:$PORT" > /dev/null
p0=$(ticks "$platform_pid"); g0=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
MEMBERS="$SEED_DIR/wrk-members.txt" PHASE=earn wrk -t2 -c"$USERS" -d"${SECONDS_PER_PHASE}s" -s infra/bench/wrk/ledger.lua "http://127.0.0.1:$PORT" > /tmp/jifen-bench-earn-wrk.log
p1=$(ticks "$platform_pid"); g1=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
read -r _ _ _ count _ errors _ non2xx < <(grep '^PHASE' /tmp/jifen-bench-earn-wrk.log)
read -r _ _ p50 _ _ _ p99 _ _ < <(grep '^LATENCY' /tmp/jifen-bench-earn-wrk.log)
export PGPASSWORD=postgres
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "drop database if exists pgbench" -c "create database pgbench" 2>/dev/null
pgbench -q -i -s 10 -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench > /dev/null 2>&1
tpcb=$(pgbench -c "$USERS" -j 2 -T "$SECONDS_PER_PHASE" -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench 2>/dev/null | sed -nE 's/^tps = ([0-9]+).*/\1/p')
hz=$(getconf CLK_TCK)
awk -v c="$count" -v s="$SECONDS_PER_PHASE" -v t="$tpcb" -v p50="$p50" -v p99="$p99" -v pp=$((p1-p0)) -v gg=$((g1-g0)) -v hz="$hz" \
  'BEGIN { printf "earn %d req/s = %.2fx tpcb-like (%d tps), p50 %s ms, p99 %s ms, CPU per earn: platform %.0f us, postgres %.0f us\n", c/s, c/s/t, t, p50, p99, pp*1e6/hz/c, gg*1e6/hz/c }'
