#!/usr/bin/env bash
# The mall's checkout benchmark (issue 15), on the local stack: pgbench tpcb-like on the same PostgreSQL as the
# yardstick; checkouts (quote + order + hold + capture: one POST /api/v1/me/orders of an item paid in points) by
# 10,000 members of 10 tenants; the members' balance reads (GET /api/v1/me/points/balance); and a flash sale of
# FLASH_UNITS units that every one of 10,000 members of one more tenant tries to buy once, FLASH_CONCURRENCY at a time.
# The balance reads run twice: with USERS clients as the checkouts, and with FEW_USERS, where few reads wait behind
# others (each client sends its next request when the last is answered, so with USERS clients every read waits behind
# the others' and its latency is USERS / throughput before anything else). pgbench prints its own p50 and p99 too.
#
#   infra/bench/checkout.sh            # builds first unless SKIP_BUILD=1; about 10 minutes
#   PROFILE=1 infra/bench/checkout.sh  # also writes the 15 statements that cost PostgreSQL most in each phase and every
#                                      # statement with its calls per request (pg_stat_statements) to
#                                      # /tmp/jifen-bench-checkout-<run>-{statements,calls}.txt; add a JFR recording
#                                      # through PLATFORM_JAVA_OPTS
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${USERS:-32}"; FEW_USERS="${FEW_USERS:-8}"; SECONDS_PER_PHASE="${PHASE_SECONDS:-30}"; WARMUP_SECONDS="${WARMUP_SECONDS:-60}"
FLASH_UNITS="${FLASH_UNITS:-100}"; FLASH_CONCURRENCY="${FLASH_CONCURRENCY:-64}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-checkout}"; PORT="${PORT:-18096}"
command -v pgbench > /dev/null && command -v wrk > /dev/null || { apt-get update -q && apt-get install -y -q postgresql-client wrk; }
. infra/bench/stack.sh
build
start_stack checkout
PG_PORT=$(echo "$JIFEN_DB_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
# The seeding signs up tenants without tokens: let this machine's address do that more than 30 times a minute.
start_platform checkout --jifen.rate-limits.anonymous-per-ip.capacity=100000
ISSUER="$JIFEN_KEYCLOAK_URL/realms/jifen"
SEED_DIR="$BENCH_HOME/seed-$$"; FLASH_DIR="$BENCH_HOME/flash-$$"
"$JAVA" infra/bench/BenchSeed.java seed "http://127.0.0.1:$PORT" "$ISSUER" "$SEED_DIR" 10 1000 > /dev/null
"$JAVA" infra/bench/BenchSeed.java mall "http://127.0.0.1:$PORT" "$ISSUER" "$SEED_DIR" 100 100000000
"$JAVA" infra/bench/BenchSeed.java seed "http://127.0.0.1:$PORT" "$ISSUER" "$FLASH_DIR" 1 10000 > /dev/null
"$JAVA" infra/bench/BenchSeed.java mall "http://127.0.0.1:$PORT" "$ISSUER" "$FLASH_DIR" 100 1000
POSTMASTER=$(head -1 "$BENCH_HOME/local/postgres/postmaster.pid")
hz=$(getconf CLK_TCK)

declare -A line rps
for run in checkout balance balance-few; do
  phase=${run%-few}; clients=$USERS; warmup=$WARMUP_SECONDS
  # The reads with few clients follow the same reads with many: the platform is warm for them.
  [ "$run" = balance-few ] && clients=$FEW_USERS && warmup=10
  "$JAVA" infra/bench/BenchSeed.java member-tokens "$SEED_DIR"
  MEMBERS="$SEED_DIR/wrk-checkout.txt" PHASE=$phase wrk -t2 -c"$clients" -d"${warmup}s" -s infra/bench/wrk/checkout.lua "http://127.0.0.1:$PORT" > /dev/null
  [ "${PROFILE:-}" = 1 ] && PGPASSWORD=postgres psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen -c "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" > /dev/null
  p0=$(ticks "$platform_pid"); g0=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
  MEMBERS="$SEED_DIR/wrk-checkout.txt" PHASE=$phase wrk -t2 -c"$clients" -d"${SECONDS_PER_PHASE}s" -s infra/bench/wrk/checkout.lua \
    "http://127.0.0.1:$PORT" > "/tmp/jifen-bench-checkout-$run.log"
  p1=$(ticks "$platform_pid"); g1=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
  read -r _ _ _ count _ errors _ non2xx < <(grep '^PHASE' "/tmp/jifen-bench-checkout-$run.log")
  read -r _ _ p50 _ _ _ p99 _ _ < <(grep '^LATENCY' "/tmp/jifen-bench-checkout-$run.log")
  line[$run]=$(awk -v c="$count" -v s="$SECONDS_PER_PHASE" -v p50="$p50" -v p99="$p99" -v pp=$((p1-p0)) -v gg=$((g1-g0)) -v hz="$hz" \
    -v e="$errors" -v n="$non2xx" 'BEGIN { printf "%d req/s, p50 %s ms, p99 %s ms, CPU per request: platform %.0f us, postgres %.0f us (%d socket errors, %d non-2xx)",
    c/s, p50, p99, pp*1e6/hz/c, gg*1e6/hz/c, e, n }')
  rps[$run]=$(( count / SECONDS_PER_PHASE ))
  [ "${PROFILE:-}" = 1 ] && PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen -c "select calls, round(total_exec_time) as ms,
    round((total_exec_time / calls)::numeric, 3) as mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 150) as query
    from pg_stat_statements order by total_exec_time desc limit 15" > "/tmp/jifen-bench-checkout-$run-statements.txt"
  [ "${PROFILE:-}" = 1 ] && PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen -c "select round(calls::numeric / $count, 2) as per_request,
    round((total_exec_time / calls)::numeric, 3) as mean_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 150) as query
    from pg_stat_statements where calls >= $count / 10 order by calls desc" > "/tmp/jifen-bench-checkout-$run-calls.txt"
done

flash=$("$JAVA" infra/bench/BenchSeed.java flash "http://127.0.0.1:$PORT" "$ISSUER" "$FLASH_DIR" "$FLASH_UNITS" "$FLASH_CONCURRENCY")

export PGPASSWORD=postgres
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "drop database if exists pgbench" -c "create database pgbench" 2>/dev/null
pgbench -q -i -s 10 -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench > /dev/null 2>&1
# Each transaction's latency logged (pgbench -l), for the yardstick's own p50 and p99 at the same clients.
PGBENCH_LOGS=$(mktemp -d)
tpcb=$(cd "$PGBENCH_LOGS" && pgbench -c "$USERS" -j 2 -T "$SECONDS_PER_PHASE" -l -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench 2>/dev/null \
  | sed -nE 's/^tps = ([0-9]+).*/\1/p')
tpcb_latency=$(cat "$PGBENCH_LOGS"/pgbench_log.* | awk '{ print $3 / 1000 }' | sort -n \
  | awk '{ v[NR] = $1 } END { printf "p50 %.2f ms, p99 %.2f ms", v[int(NR * 0.5)], v[int(NR * 0.99)] }')
rm -rf "$PGBENCH_LOGS"

echo "clients: $USERS, ${SECONDS_PER_PHASE} s per phase after ${WARMUP_SECONDS} s of warm-up, 10 tenants x 1,000 members"
echo "pgbench tpcb-like: ${tpcb} tps, ${tpcb_latency}"
echo "checkout: ${line[checkout]} = $(awk -v a="${rps[checkout]}" -v b="$tpcb" 'BEGIN { printf "%.2f", a / b }')x tpcb-like"
echo "balance : ${line[balance]}"
echo "balance, $FEW_USERS clients: ${line[balance-few]}"
echo "$flash"
