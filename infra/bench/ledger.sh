#!/usr/bin/env bash
# The ledger benchmark: wrk drives earn, spend and balance reads over HTTP against the platform on the local stack
# (10 tenants, 10,000 members); in the same run pgbench measures the same PostgreSQL with its tpcb-like and select-only
# workloads, and our throughput is reported as a ratio of theirs. See docs/performance.md.
#
#   infra/bench/ledger.sh                 # USERS (default 32) concurrent clients, PHASE_SECONDS (default 30) per phase
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${USERS:-32}"
SECONDS_PER_PHASE="${PHASE_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-60}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-ledger}"
PORT="${PORT:-18080}"

command -v pgbench > /dev/null && command -v wrk > /dev/null && command -v jq > /dev/null || { apt-get update -q && apt-get install -y -q postgresql-client wrk jq; }

. infra/bench/stack.sh
build
start_stack ledger
PG_PORT=$(echo "$JIFEN_DB_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
start_platform ledger

# Tenants, members and client-credentials tokens (BenchSeed); tokens live five minutes, so they are minted per phase.
SEED_DIR="$BENCH_HOME/seed-$$"
"$JAVA" infra/bench/BenchSeed.java seed "http://127.0.0.1:$PORT" "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR" > /dev/null
# CPU time (clock ticks) of the platform JVM and of this stack's PostgreSQL (the postmaster and its children), and of
# the whole machine: read around each measured phase to split the CPU a request costs.
POSTMASTER=$(head -1 "$BENCH_HOME/local/postgres/postmaster.pid")
cpu_now() { echo "$(ticks "$platform_pid") $(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER")) $(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)"; }
per_request() { # before after requests: "platform X us, postgres Y us, rest Z us" of CPU per request
  awk -v n="$3" -v hz="$(getconf CLK_TCK)" -v before="$1" -v after="$2" 'BEGIN { split(before, b, " "); split(after, a, " ");
    us = 1000000 / hz / n; printf "platform %.0f us, postgres %.0f us, rest %.0f us",
    (a[1] - b[1]) * us, (a[2] - b[2]) * us, ((a[3] - b[3]) - (a[1] - b[1]) - (a[2] - b[2])) * us }'
}

declare -A rps p50 p99 failed cpu
for phase in earn spend balance; do
  "$JAVA" infra/bench/BenchSeed.java tokens "$JIFEN_KEYCLOAK_URL/realms/jifen" "$SEED_DIR"
  # A warm-up of the same load first: the JIT compiles the request path; its numbers are thrown away.
  MEMBERS="$SEED_DIR/wrk-members.txt" PHASE=$phase wrk -t2 -c"$USERS" -d"${WARMUP_SECONDS}s" -s infra/bench/wrk/ledger.lua \
    "http://127.0.0.1:$PORT" > /dev/null
  before=$(cpu_now)
  MEMBERS="$SEED_DIR/wrk-members.txt" PHASE=$phase wrk -t2 -c"$USERS" -d"${SECONDS_PER_PHASE}s" -s infra/bench/wrk/ledger.lua \
    "http://127.0.0.1:$PORT" > "/tmp/jifen-bench-ledger-$phase.log"
  after=$(cpu_now)
  read -r _ _ _ count _ errors _ non2xx < <(grep '^PHASE' "/tmp/jifen-bench-ledger-$phase.log")
  cpu[$phase]=$(per_request "$before" "$after" "$count")
  read -r _ _ p50[$phase] _ _ _ p99[$phase] _ _ < <(grep '^LATENCY' "/tmp/jifen-bench-ledger-$phase.log")
  rps[$phase]=$(( count / SECONDS_PER_PHASE ))
  failed[$phase]="$errors socket errors, $non2xx non-2xx"
  echo "$phase: $count requests in ${SECONDS_PER_PHASE}s (${failed[$phase]})"
done

export PGPASSWORD=postgres
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "drop database if exists pgbench" -c "create database pgbench" 2>/dev/null
pgbench -q -i -s 10 -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench > /dev/null 2>&1
tpcb=$(pgbench -c "$USERS" -j 2 -T "$SECONDS_PER_PHASE" -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench 2>/dev/null \
  | sed -nE 's/^tps = ([0-9]+).*/\1/p')
select_only=$(pgbench -S -c "$USERS" -j 2 -T "$SECONDS_PER_PHASE" -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench 2>/dev/null \
  | sed -nE 's/^tps = ([0-9]+).*/\1/p')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "clients: $USERS, ${SECONDS_PER_PHASE} s per phase, 10 tenants x 1,000 members"
echo "pgbench tpcb-like   : ${tpcb} tps"
echo "pgbench select-only : ${select_only} tps"
echo "earn    : ${rps[earn]} req/s = $(ratio "${rps[earn]}" "$tpcb")x tpcb-like, p50 ${p50[earn]} ms, p99 ${p99[earn]} ms"
echo "spend   : ${rps[spend]} req/s = $(ratio "${rps[spend]}" "$tpcb")x tpcb-like, p50 ${p50[spend]} ms, p99 ${p99[spend]} ms (422 once a member's points run out count as non-2xx)"
echo "balance : ${rps[balance]} req/s = $(ratio "${rps[balance]}" "$select_only")x select-only, p50 ${p50[balance]} ms, p99 ${p99[balance]} ms"
echo "CPU per request (rest: wrk, the kernel, the idle Keycloak and Elasticsearch):"
for phase in earn spend balance; do echo "  $phase: ${cpu[$phase]}"; done

# The expiry job at 1,000,000 lots: 100 expired lots for each of the 10,000 members, then one run of the job over
# every tenant, started by a platform operator; its duration is the job's own start and end time.
EXPIRY_LOTS=$(( ${EXPIRY_LOTS_PER_MEMBER:-100} ))
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d jifen -v lots="$EXPIRY_LOTS" -f infra/bench/sql/expiry-lots.sql > /dev/null
operator=$("$JAVA" infra/bench/BenchSeed.java operator "$JIFEN_KEYCLOAK_URL")
run=$(curl -sf -X POST -H "Authorization: Bearer $operator" "http://127.0.0.1:$PORT/api/v1/operator/points-expiry/runs")
expired=$(echo "$run" | jq -r .lotsExpired)
took=$(echo "$run" | jq -r '((.endedAt | sub("\\.[0-9]+";"") | fromdateiso8601) - (.startedAt | sub("\\.[0-9]+";"") | fromdateiso8601))')
echo "expiry  : $expired lots in ${took} s ($(echo "$run" | jq -r .status))"

