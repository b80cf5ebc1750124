# Sourced by the benchmark scripts: builds (unless SKIP_BUILD), starts a devstack with fresh data under BENCH_HOME
# and the platform jar on PORT with the stack's settings, and stops both when the script exits.
#   build; start_stack NAME [VAR=value ...]; start_platform NAME [platform arguments ...] (the jar built here, or
#   PLATFORM_JAR); stop_platform; ticks PID... (the CPU the processes have used, in clock ticks of getconf CLK_TCK)
# NAME names the logs: /tmp/jifen-bench-NAME-stack.log and /tmp/jifen-bench-NAME-platform.log.

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
PLATFORM_JAVA_OPTS="${PLATFORM_JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g}"

stack_pid=""; platform_pid=""
cleanup() {
  [ -n "$platform_pid" ] && kill "$platform_pid" 2>/dev/null && wait "$platform_pid" 2>/dev/null || true
  [ -n "$stack_pid" ] && kill "$stack_pid" 2>/dev/null && wait "$stack_pid" 2>/dev/null || true
}
trap cleanup EXIT

build() {
  if [ -z "${SKIP_BUILD:-}" ]; then
    # The platform jar is only repackaged when the platform changed; remove it so that changes to its modules land too.
    rm -f platform/target/jifen-platform-*.jar
    ./mvnw -q -B install -DskipTests
  fi
  ./mvnw -q -B -pl infra/devstack dependency:build-classpath -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
}

start_stack() {
  local name="$1"; shift
  local log="/tmp/jifen-bench-$name-stack.log"
  mkdir -p "$BENCH_HOME"
  [ -d /var/tmp/jifen-devstack/dist ] && [ ! -e "$BENCH_HOME/dist" ] && ln -s /var/tmp/jifen-devstack/dist "$BENCH_HOME/dist"
  rm -rf "$BENCH_HOME/local"
  # The log of the last run says "running" too: remove it before waiting for this run's line.
  rm -f "$log"
  env "$@" JIFEN_DEVSTACK_HOME="$BENCH_HOME" "$JAVA" -cp "infra/devstack/target/classes:$(cat infra/devstack/target/runtime.classpath)" \
    io.jifen.devstack.DevStack > "$log" 2>&1 &
  stack_pid=$!
  until grep -qs "Jifen devstack is running" "$log"; do
    kill -0 "$stack_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  set -a; . "$BENCH_HOME/local/stack.env"; set +a
}

start_platform() {
  local name="$1"; shift
  local log="/tmp/jifen-bench-$name-platform.log"
  local jar="${PLATFORM_JAR:-}"
  [ -n "$jar" ] || jar=$(ls platform/target/jifen-platform-*.jar | grep -v original | head -1)
  # shellcheck disable=SC2086
  "$JAVA" $PLATFORM_JAVA_OPTS -jar "$jar" --server.port="$PORT" --management.server.port=0 --logging.level.io.jifen.access=WARN "$@" > "$log" 2>&1 &
  platform_pid=$!
  until curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null; do
    kill -0 "$platform_pid" 2>/dev/null || { tail -50 "$log"; exit 1; }
    sleep 0.5
  done
}

stop_platform() {
  kill "$platform_pid" 2>/dev/null && wait "$platform_pid" 2>/dev/null || true
  platform_pid=""
}

ticks() {
  local total=0 stat
  for pid in "$@"; do
    read -r -a stat < "/proc/$pid/stat" 2>/dev/null || continue
    total=$(( total + stat[13] + stat[14] ))
  done
  echo "$total"
}
