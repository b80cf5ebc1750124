#!/usr/bin/env bash
# The supplier-hub benchmark: a full sync of 100,000 SKUs from the JD sandbox into PostgreSQL and Elasticsearch through
# the platform's operator endpoint (timed by the job's own start and end), then catalog searches over HTTP at about
# 200 requests/s with their latencies. See docs/performance.md.
#
#   infra/bench/catalog.sh      # SKUS (default 100000), SEARCH_SECONDS (default 30), CONNECTIONS (16), DELAY_MS (60)
#
# wrk keeps CONNECTIONS requests in flight, each followed by a pause of DELAY_MS: at about 20 ms per search that
# offers about 200 requests/s; the script reports the rate actually reached.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
SKUS="${SKUS:-100000}"
SEARCH_SECONDS="${SEARCH_SECONDS:-30}"
CONNECTIONS="${CONNECTIONS:-16}"
DELAY_MS="${DELAY_MS:-60}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-catalog}"
PORT="${PORT:-18081}"
PLATFORM_JAVA_OPTS="${PLATFORM_JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g}"

command -v wrk > /dev/null && command -v jq > /dev/null || { apt-get update -q && apt-get install -y -q wrk jq; }

if [ -z "${SKIP_BUILD:-}" ]; then
  # The platform jar is only repackaged when the platform changed; remove it so that changes to its modules land too.
  rm -f platform/target/jifen-platform-*.jar
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
JIFEN_SANDBOX_SKUS="$SKUS" JIFEN_DEVSTACK_HOME="$BENCH_HOME" "$JAVA" -cp "$CP" io.jifen.devstack.DevStack > /tmp/jifen-bench-catalog-stack.log 2>&1 &
stack_pid=$!
until grep -q "Jifen devstack is running" /tmp/jifen-bench-catalog-stack.log; do
  kill -0 "$stack_pid" 2>/dev/null || { cat /tmp/jifen-bench-catalog-stack.log; exit 1; }
  sleep 0.5
done
set -a; . "$BENCH_HOME/local/stack.env"; set +a

# shellcheck disable=SC2086
"$JAVA" $PLATFORM_JAVA_OPTS -jar "$JAR" --server.port="$PORT" --logging.level.io.jifen.access=WARN \
  --jifen.hub.schedule.changes=- --jifen.hub.schedule.full-sync=- > /tmp/jifen-bench-catalog-platform.log 2>&1 &
platform_pid=$!
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
  kill -0 "$platform_pid" 2>/dev/null || { tail -50 /tmp/jifen-bench-catalog-platform.log; exit 1; }
  sleep 0.5
done

operator=$("$JAVA" infra/bench/BenchSeed.java operator "$JIFEN_KEYCLOAK_URL")
run=$(curl -sf -X POST -H "Authorization: Bearer $operator" "http://127.0.0.1:$PORT/api/v1/operator/catalog/suppliers/jd/full-syncs")
echo "$run" | jq -c .
took=$(echo "$run" | jq -r '((.endedAt | sub("\\.[0-9]+";"") | fromdateiso8601) - (.startedAt | sub("\\.[0-9]+";"") | fromdateiso8601))')
rows=$(echo "$run" | jq -r .written)
indexed=$(curl -sf "$JIFEN_ELASTICSEARCH_URL/jifen-catalog/_count" | jq -r .count)

# Warm-up of the same search load (the JIT compiles the path), thrown away; then the measured run (a fresh token:
# tokens live five minutes).
operator=$("$JAVA" infra/bench/BenchSeed.java operator "$JIFEN_KEYCLOAK_URL")
TOKEN="$operator" DELAY_MS="$DELAY_MS" wrk -t2 -c"$CONNECTIONS" -d60s -s infra/bench/wrk/catalog.lua "http://127.0.0.1:$PORT" > /dev/null
TOKEN="$operator" DELAY_MS="$DELAY_MS" wrk -t2 -c"$CONNECTIONS" -d"${SEARCH_SECONDS}s" -s infra/bench/wrk/catalog.lua \
  "http://127.0.0.1:$PORT" > /tmp/jifen-bench-catalog-search.log
read -r _ _ count _ errors _ non2xx < <(grep '^SEARCH' /tmp/jifen-bench-catalog-search.log)
read -r _ _ p50 _ p90 _ p99 _ max < <(grep '^LATENCY' /tmp/jifen-bench-catalog-search.log)

echo
echo "full sync : $rows SKUs written in ${took} s ($indexed documents in the index; sandbox catalog of $SKUS SKUs)"
echo "search    : $(( count / SEARCH_SECONDS )) req/s over ${SEARCH_SECONDS} s ($errors socket errors, $non2xx non-2xx), p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, max ${max} ms"
