#!/usr/bin/env bash
# Compares two builds of the platform on the checkout (issue 15) where a change is smaller than this machine's drift
# between runs of checkout.sh: one stack and one seed (10 tenants of 1,000 members, as checkout.sh), then the two jars
# alternately (A B B A A B), each started afresh, warmed with WARMUP_SECONDS of checkouts, then checkouts and balance
# reads measured for PHASE_SECONDS each, with the CPU they cost the platform and PostgreSQL. Adjacent pairs are the
# comparison; the balance reads, unchanged code in most changes, show how fast the machine was at the time.
#
#   JAR_A=/path/old.jar JAR_B=/path/new.jar infra/bench/checkout-ab.sh    # about 15 minutes
#
# A jar of another commit: git worktree add /var/tmp/jifen-a REV && (cd /var/tmp/jifen-a && ./mvnw -q -B package
# -DskipTests -pl platform -am -Dconsole.skipChecks -Dexec.skip), then platform/target/jifen-platform-*.jar there.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAR_A:?the first platform jar}" "${JAR_B:?the second platform jar}"
SECONDS_PER_PHASE="${PHASE_SECONDS:-25}"; WARMUP_SECONDS="${WARMUP_SECONDS:-45}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-checkout-ab}"; PORT="${PORT:-18098}"
command -v wrk > /dev/null || { apt-get update -q && apt-get install -y -q wrk; }
SKIP_BUILD=1
. infra/bench/stack.sh
build
start_stack checkout-ab
start_jar() { PLATFORM_JAR="$1" start_platform checkout-ab --jifen.rate-limits.anonymous-per-ip.capacity=100000; }
ISSUER="$JIFEN_KEYCLOAK_URL/realms/jifen"
SEED_DIR="$BENCH_HOME/seed-$$"
start_jar "$JAR_B"
"$JAVA" infra/bench/BenchSeed.java seed "http://127.0.0.1:$PORT" "$ISSUER" "$SEED_DIR" 10 1000 > /dev/null
"$JAVA" infra/bench/BenchSeed.java mall "http://127.0.0.1:$PORT" "$ISSUER" "$SEED_DIR" 100 100000000 > /dev/null
stop_platform
POSTMASTER=$(head -1 "$BENCH_HOME/local/postgres/postmaster.pid")
hz=$(getconf CLK_TCK)
export MEMBERS="$SEED_DIR/wrk-checkout.txt"
for build in A B B A A B; do
  jar=JAR_$build
  start_jar "${!jar}"
  "$JAVA" infra/bench/BenchSeed.java member-tokens "$SEED_DIR"
  PHASE=checkout wrk -t2 -c32 -d"${WARMUP_SECONDS}s" -s infra/bench/wrk/checkout.lua "http://127.0.0.1:$PORT" > /dev/null
  for phase in checkout balance; do
    p0=$(ticks "$platform_pid"); g0=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
    out=$(PHASE=$phase wrk -t2 -c32 -d"${SECONDS_PER_PHASE}s" -s infra/bench/wrk/checkout.lua "http://127.0.0.1:$PORT")
    p1=$(ticks "$platform_pid"); g1=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
    read -r _ _ _ count _ < <(echo "$out" | grep '^PHASE')
    read -r _ _ p50 _ _ _ p99 _ _ < <(echo "$out" | grep '^LATENCY')
    awk -v b="$build" -v ph="$phase" -v c="$count" -v s="$SECONDS_PER_PHASE" -v p50="$p50" -v p99="$p99" -v pp=$((p1 - p0)) \
      -v gg=$((g1 - g0)) -v hz="$hz" 'BEGIN { printf "%s %-8s %5d req/s, p50 %s ms, p99 %s ms, CPU per request: platform %.0f us, postgres %.0f us\n",
      b, ph, c / s, p50, p99, pp * 1e6 / hz / c, gg * 1e6 / hz / c }'
  done
  stop_platform
done
