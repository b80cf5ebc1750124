#!/usr/bin/env bash
# The ledger benchmark: Gatling drives earn, spend and balance reads over HTTP against the platform on the local stack
# (10 tenants, 10,000 members); in the same run pgbench measures the same PostgreSQL with its tpcb-like and select-only
# workloads, and our throughput is reported as a ratio of theirs. See docs/performance.md.
#
#   infra/bench/ledger.sh                 # USERS (default 32) concurrent clients, PHASE_SECONDS (default 30) per phase
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
USERS="${USERS:-32}"
SECONDS_PER_PHASE="${PHASE_SECONDS:-30}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-ledger}"
PORT="${PORT:-18080}"
PLATFORM_JAVA_OPTS="${PLATFORM_JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g}"

command -v pgbench > /dev/null || { apt-get update -q && apt-get install -y -q postgresql-client; }

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B install -DskipTests
fi
./mvnw -q -B -pl infra/devstack dependency:build-classpath -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
CP="infra/devstack/target/classes:$(cat infra/devstack/target/runtime.classpath)"
JAR=$(ls platform/target/jifen-platform-*.jar | grep -v original | head -1)

stack_pid=""; platform_pid=""
cleanup() {
  [ -n "$platform_pid" ] && kill "$platform_pid" 2>/dev/null && wait "$platform_pid" 2>/dev/null || true
  [ -n "$stack_pid" ] && kill "$stack_pid" 2>/dev/null && wait "$stack_pid" 2>/dev/null || true
}
trap cleanup EXIT

mkdir -p "$BENCH_HOME"
[ -d /var/tmp/jifen-devstack/dist ] && [ ! -e "$BENCH_HOME/dist" ] && ln -s /var/tmp/jifen-devstack/dist "$BENCH_HOME/dist"
rm -rf "$BENCH_HOME/local"
JIFEN_DEVSTACK_HOME="$BENCH_HOME" "$JAVA" -cp "$CP" io.jifen.devstack.DevStack > /tmp/jifen-bench-ledger-stack.log 2>&1 &
stack_pid=$!
until grep -q "Jifen devstack is running" /tmp/jifen-bench-ledger-stack.log; do
  kill -0 "$stack_pid" 2>/dev/null || { cat /tmp/jifen-bench-ledger-stack.log; exit 1; }
  sleep 0.5
done
set -a; . "$BENCH_HOME/local/stack.env"; set +a
PG_PORT=$(echo "$JIFEN_DB_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')

# shellcheck disable=SC2086
"$JAVA" $PLATFORM_JAVA_OPTS -jar "$JAR" --server.port="$PORT" --logging.level.io.jifen.access=WARN \
  > /tmp/jifen-bench-ledger-platform.log 2>&1 &
platform_pid=$!
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
  kill -0 "$platform_pid" 2>/dev/null || { tail -50 /tmp/jifen-bench-ledger-platform.log; exit 1; }
  sleep 0.5
done

MEMBERS_FILE="$PWD/infra/bench/target/bench-members-$$.csv"
declare -A rps p50 p99
for phase in earn spend balance; do
  ./mvnw -q -B -pl infra/bench gatling:test -Dgatling.simulationClass=io.jifen.bench.LedgerSimulation -Dphase="$phase" \
    -DbaseUrl="http://127.0.0.1:$PORT" -Dissuer="$JIFEN_KEYCLOAK_URL/realms/jifen" -Dusers="$USERS" \
    -Dseconds="$SECONDS_PER_PHASE" -DmembersFile="$MEMBERS_FILE" > "/tmp/jifen-bench-ledger-$phase.log" 2>&1
  summary() { sed -nE "s/^> $1 +\| +([0-9,.]+) .*/\1/p" "/tmp/jifen-bench-ledger-$phase.log" | tr -d , | tail -1; }
  count=$(summary "request count")
  rps[$phase]=$(( count / SECONDS_PER_PHASE ))
  p50[$phase]=$(summary "response time 50th percentile \\(ms\\)")
  p99[$phase]=$(summary "response time 99th percentile \\(ms\\)")
  failed=$(sed -nE 's/^> request count +\| +[0-9,]+ \| +[0-9,]+ \| +([0-9,-]+).*/\1/p' "/tmp/jifen-bench-ledger-$phase.log" | tail -1)
  echo "$phase: $count requests in ${SECONDS_PER_PHASE}s (failed: ${failed})"
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
echo "spend   : ${rps[spend]} req/s = $(ratio "${rps[spend]}" "$tpcb")x tpcb-like, p50 ${p50[spend]} ms, p99 ${p99[spend]} ms"
echo "balance : ${rps[balance]} req/s = $(ratio "${rps[balance]}" "$select_only")x select-only, p50 ${p50[balance]} ms, p99 ${p99[balance]} ms"
