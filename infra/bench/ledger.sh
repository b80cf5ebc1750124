#!/usr/bin/env bash
# The ledger benchmark: Gatling drives earn, spend and balance reads over HTTP against the platform on the local stack
# (10 tenants, 10,000 members); in the same run pgbench measures the same PostgreSQL with its tpcb-like and select-only
# workloads, and our throughput is reported as a ratio of theirs. See docs/performance.md.
#
#   infra/bench/ledger.sh                 # USERS (default 32) concurrent clients, SECONDS (default 30) per phase
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
USERS="${USERS:-32}"
SECONDS_PER_PHASE="${SECONDS:-30}"
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

./mvnw -q -B -pl infra/bench gatling:test -Dgatling.simulationClass=io.jifen.bench.LedgerSimulation \
  -DbaseUrl="http://127.0.0.1:$PORT" -Dissuer="$JIFEN_KEYCLOAK_URL/realms/jifen" -Dusers="$USERS" -Dseconds="$SECONDS_PER_PHASE"
STATS=$(ls -dt infra/bench/target/gatling/*/ | head -1)js/stats.json

export PGPASSWORD=postgres
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "drop database if exists pgbench" -c "create database pgbench"
pgbench -q -i -s 10 -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench > /dev/null 2>&1
tpcb=$(pgbench -c "$USERS" -j 2 -T "$SECONDS_PER_PHASE" -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench 2>/dev/null \
  | sed -nE 's/^tps = ([0-9.]+).*/\1/p')
select_only=$(pgbench -S -c "$USERS" -j 2 -T "$SECONDS_PER_PHASE" -h 127.0.0.1 -p "$PG_PORT" -U postgres pgbench 2>/dev/null \
  | sed -nE 's/^tps = ([0-9.]+).*/\1/p')

node -e '
const stats = require(process.argv[1]);
const seconds = Number(process.argv[2]), tpcb = Number(process.argv[3]), selectOnly = Number(process.argv[4]);
const rows = Object.values(stats.contents).map(r => ({
  name: r.name, ok: r.stats.numberOfRequests.ok, ko: r.stats.numberOfRequests.ko,
  rps: r.stats.numberOfRequests.total / seconds, p50: r.stats.percentiles1.total, p99: r.stats.percentiles4.total }));
console.log(`pgbench tpcb-like: ${tpcb.toFixed(0)} tps, select-only: ${selectOnly.toFixed(0)} tps`);
for (const r of rows) {
  const base = r.name === "balance" ? selectOnly : tpcb;
  console.log(`${r.name.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s (${(r.rps / base).toFixed(2)}x pgbench ${r.name === "balance" ? "select-only" : "tpcb-like"}), p50 ${r.p50} ms, p99 ${r.p99} ms, ok ${r.ok}, failed ${r.ko}`);
}' "$PWD/$STATS" "$SECONDS_PER_PHASE" "$tpcb" "$select_only"
