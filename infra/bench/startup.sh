#!/usr/bin/env bash
# Measures: (1) the local stack's start to "ready" on empty data and on existing data, (2) the platform's start to
# readiness against a running stack, (3) the platform's resident memory at idle. See docs/performance.md.
#
#   infra/bench/startup.sh                      # JVM options of the platform default to PLATFORM_JAVA_OPTS below
#   PLATFORM_JAVA_OPTS="" infra/bench/startup.sh  # the JVM's own defaults, for comparison
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# The platform's production JVM settings (see docs/performance.md): a 256 MiB heap, serial GC, small thread stacks.
PLATFORM_JAVA_OPTS="${PLATFORM_JAVA_OPTS--XX:+UseSerialGC -XX:MaxRAM=1g -Xss512k}"
IDLE_SECONDS="${IDLE_SECONDS:-30}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench}"
PORT="${PORT:-18080}"

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B install -DskipTests
fi
./mvnw -q -B -pl infra/devstack dependency:build-classpath -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
CP="infra/devstack/target/classes:$(cat infra/devstack/target/runtime.classpath)"
JAR=$(ls platform/target/jifen-platform-*.jar | grep -v original | head -1)

now_ms() { date +%s%3N; }
stack_pid=""
platform_pid=""
cleanup() {
  [ -n "$platform_pid" ] && kill "$platform_pid" 2>/dev/null && wait "$platform_pid" 2>/dev/null || true
  [ -n "$stack_pid" ] && kill "$stack_pid" 2>/dev/null && wait "$stack_pid" 2>/dev/null || true
}
trap cleanup EXIT

elapsed=""
start_stack() {
  local log="$1" started
  started=$(now_ms)
  JIFEN_DEVSTACK_HOME="$BENCH_HOME" "$JAVA" -cp "$CP" io.jifen.devstack.DevStack > "$log" 2>&1 &
  stack_pid=$!
  until grep -q "Jifen devstack is running" "$log"; do
    kill -0 "$stack_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
  done
  elapsed=$(( $(now_ms) - started ))
}

stop_stack() {
  kill "$stack_pid"; wait "$stack_pid" 2>/dev/null || true; stack_pid=""
}

mkdir -p "$BENCH_HOME"
# The distributions are unpacked once per machine; that one-off cost is not part of a start.
[ -d /var/tmp/jifen-devstack/dist ] && [ ! -e "$BENCH_HOME/dist" ] && ln -s /var/tmp/jifen-devstack/dist "$BENCH_HOME/dist"
rm -rf "$BENCH_HOME/local"

start_stack /tmp/jifen-bench-stack-cold.log; cold=$elapsed
stop_stack
start_stack /tmp/jifen-bench-stack-warm.log; warm=$elapsed

set -a; . "$BENCH_HOME/local/stack.env"; set +a
# Keycloak and Elasticsearch keep both cores busy for a while after "ready"; let them settle so that the
# platform's own start is what gets measured.
sleep "${SETTLE_SECONDS:-30}"

# Measures one start of the platform: sets platform_ready (ms), spring_started (s) and rss_mib (after IDLE_SECONDS).
measure_platform() {
  local started
  started=$(now_ms)
  # shellcheck disable=SC2086
  "$JAVA" $PLATFORM_JAVA_OPTS "$@" --server.port="$PORT" --management.server.port=0 > /tmp/jifen-bench-platform.log 2>&1 &
  platform_pid=$!
  until curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null; do
    kill -0 "$platform_pid" 2>/dev/null || { tail -50 /tmp/jifen-bench-platform.log; exit 1; }
    sleep 0.1
  done
  platform_ready=$(( $(now_ms) - started ))
  spring_started=$(grep -o 'Started JifenApplication in [0-9.]* seconds' /tmp/jifen-bench-platform.log | grep -o '[0-9.]*' | head -1)
  sleep "$IDLE_SECONDS"
  rss_mib=$(( $(awk '/VmRSS/ {print $2}' "/proc/$platform_pid/status") / 1024 ))
  kill "$platform_pid"; wait "$platform_pid" 2>/dev/null || true; platform_pid=""
}

# 1. The Spring Boot fat jar as built.
measure_platform -jar "$JAR"
jar_ready=$platform_ready; jar_started=$spring_started; jar_rss=$rss_mib

# 2. The production launch: the jar extracted (Boot's jarmode tools) with a JDK AOT cache from a training run.
APP=/tmp/jifen-bench-app
rm -rf "$APP"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$APP" > /dev/null
APP_JAR="$APP/$(basename "$JAR")"
"$JAVA" -XX:AOTCacheOutput="$APP/jifen.aot" -Dspring.context.exit=onRefresh -jar "$APP_JAR" --server.port="$PORT" > /tmp/jifen-bench-training.log 2>&1
measure_platform -XX:AOTCache="$APP/jifen.aot" -jar "$APP_JAR"

cat <<REPORT
stack ready, empty data            : ${cold} ms
stack ready, existing data         : ${warm} ms
platform JVM options               : ${PLATFORM_JAVA_OPTS:-(JVM defaults)}
fat jar: ready (readiness probe)   : ${jar_ready} ms  (Spring: started in ${jar_started} s)
fat jar: RSS after ${IDLE_SECONDS} s idle      : ${jar_rss} MiB
extracted + AOT cache: ready       : ${platform_ready} ms  (Spring: started in ${spring_started} s)
extracted + AOT cache: RSS idle    : ${rss_mib} MiB
REPORT
