#!/usr/bin/env bash
# The mall on the phone's benchmark (issue 16), on the local stack: Lighthouse (mobile emulation, its default mobile
# throttling, in Debian's Chromium) on the home, item and checkout pages of a tenant seeded like the run command's demo
# tenant, signed in through an auto-login link; then the same three pages under load (wrk), each request a different
# member's (1,000 members, each with the session cookie an auto-login sets), two ways: USERS members who each read a
# page for THINK_MS (a random 1-3 s by default) before the next (the target's "50 concurrent members", THINK_SECONDS
# measured), and USERS clients that ask again as soon as they are answered (what the machine serves when saturated).
#
#   infra/bench/mall-pages.sh               # builds first unless SKIP_BUILD=1; about 6 minutes
#   LH_RUNS=1 USERS=50 PHASE_SECONDS=30 WARMUP_SECONDS=30 LIGHTHOUSE_ONLY=1 infra/bench/mall-pages.sh
#   LH_RUNS=0 LOADS=members USERS=500 infra/bench/mall-pages.sh   # how many reading members the machine carries
# Lighthouse's reports are kept in /tmp/jifen-bench-mall-lighthouse-<page>-<run>.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${USERS:-50}"; SECONDS_PER_PHASE="${PHASE_SECONDS:-30}"; WARMUP_SECONDS="${WARMUP_SECONDS:-30}"; LH_RUNS="${LH_RUNS:-3}"
THINK_MS="${THINK_MS:-1000-3000}"; THINK_SECONDS="${THINK_SECONDS:-60}"; LOADS="${LOADS:-members saturation}"
measures() { [ -z "${LIGHTHOUSE_ONLY:-}" ] && [[ " $LOADS " == *" $1 "* ]]; }
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-mall}"; PORT="${PORT:-18097}"
LIGHTHOUSE_HOME="${LIGHTHOUSE_HOME:-/var/tmp/jifen-lighthouse}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
command -v wrk > /dev/null && [ -x "$CHROME_PATH" ] || { apt-get update -q && apt-get install -y -q wrk chromium fonts-noto-cjk; }
# Lighthouse 12.2.3: 13 wants Node 22.
[ -x "$LIGHTHOUSE_HOME/node_modules/.bin/lighthouse" ] || { mkdir -p "$LIGHTHOUSE_HOME" && (cd "$LIGHTHOUSE_HOME" &&
  { [ -f package.json ] || echo '{"private": true}' > package.json; } && npm i -E -s lighthouse@12.2.3 > /dev/null); }
. infra/bench/stack.sh
build
# A fresh stack on a busy 2-core machine: Keycloak's first start (its schema) can take more than the default 3 minutes.
start_stack mall JIFEN_DEVSTACK_READY_SECONDS="${JIFEN_DEVSTACK_READY_SECONDS:-600}"
# The seeding signs up a tenant without a token; the load is one tenant's members, far above its default 1,000 a second.
start_platform mall --jifen.rate-limits.anonymous-per-ip.capacity=100000 --jifen.rate-limits.per-tenant.capacity=100000000
ISSUER="$JIFEN_KEYCLOAK_URL/realms/jifen"; BASE="http://127.0.0.1:$PORT"
SEED_DIR="$BENCH_HOME/seed-$$"
"$JAVA" infra/bench/BenchSeed.java seed "$BASE" "$ISSUER" "$SEED_DIR" 1 1000 > /dev/null
"$JAVA" infra/bench/BenchSeed.java mall-pages "$BASE" "$ISSUER" "$SEED_DIR"
SLUG=$(head -1 "$SEED_DIR/tenants.txt"); ITEM=$(head -1 "$SEED_DIR/items.txt")
declare -A path=([home]="/m/$SLUG/" [item]="/m/$SLUG/items/$ITEM" [checkout]="/m/$SLUG/checkout/$ITEM")
pages="home item checkout"

declare -A scores
for page in $pages; do
  [ "$LH_RUNS" -gt 0 ] || break
  perf=(); a11y=()
  for run in $(seq 1 "$LH_RUNS"); do
    # Signed in as a consumer is: the auto-login link, then its session cookie on every request.
    link=$("$JAVA" infra/bench/BenchSeed.java auto-login-link "$SEED_DIR")
    cookie=$(curl -s -o /dev/null -D - "$BASE$link" | sed -nE 's/^[Ss]et-[Cc]ookie: (jifen_mall=[^;]+).*/\1/p')
    [ -n "$cookie" ] || { echo "the auto-login link $link opened no session" >&2; exit 1; }
    report="/tmp/jifen-bench-mall-lighthouse-$page-$run.json"
    "$LIGHTHOUSE_HOME/node_modules/.bin/lighthouse" "$BASE${path[$page]}" --quiet --output=json --output-path="$report" \
      --only-categories=performance,accessibility --chrome-flags="--headless=new --no-sandbox" \
      --extra-headers="{\"Cookie\": \"$cookie\", \"Accept-Language\": \"zh-CN,zh;q=0.9\"}"
    read -r p a < <(node -e 'const r = require(process.argv[1]);
      if (r.finalDisplayedUrl.includes("/login")) { console.error("Lighthouse was not signed in: " + r.finalDisplayedUrl); process.exit(1); }
      console.log(Math.round(r.categories.performance.score * 100), Math.round(r.categories.accessibility.score * 100))' "$report")
    perf+=("$p"); a11y+=("$a")
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  scores[$page]="performance $(median "${perf[@]}") (runs: ${perf[*]}), accessibility $(median "${a11y[@]}") (runs: ${a11y[*]})"
done

declare -A line members
if [ -z "${LIGHTHOUSE_ONLY:-}" ]; then
  POSTMASTER=$(head -1 "$BENCH_HOME/local/postgres/postmaster.pid")
  ticks() { local total=0 stat; for pid in "$@"; do read -r -a stat < "/proc/$pid/stat" 2>/dev/null || continue; total=$(( total + stat[13] + stat[14] )); done; echo "$total"; }
  hz=$(getconf CLK_TCK)
  for page in $pages; do
    "$JAVA" infra/bench/BenchSeed.java member-tokens "$SEED_DIR"
    MEMBERS="$SEED_DIR/wrk-checkout.txt" SLUG="$SLUG" PAGE=$page wrk -t2 -c"$USERS" -d"${WARMUP_SECONDS}s" -s infra/bench/wrk/mall-pages.lua "$BASE" > /dev/null
    if measures saturation; then
    p0=$(ticks "$platform_pid"); g0=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"))
    idle0=$(awk '/^cpu / { print $5 + $6 }' /proc/stat)
    MEMBERS="$SEED_DIR/wrk-checkout.txt" SLUG="$SLUG" PAGE=$page wrk -t2 -c"$USERS" -d"${SECONDS_PER_PHASE}s" -s infra/bench/wrk/mall-pages.lua \
      "$BASE" > "/tmp/jifen-bench-mall-$page.log"
    p1=$(ticks "$platform_pid"); g1=$(ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER")); idle1=$(awk '/^cpu / { print $5 + $6 }' /proc/stat)
    read -r _ _ _ count _ errors _ non2xx < <(grep '^PAGE' "/tmp/jifen-bench-mall-$page.log")
    read -r _ _ p50 _ _ _ p99 _ _ < <(grep '^LATENCY' "/tmp/jifen-bench-mall-$page.log")
    line[$page]=$(awk -v c="$count" -v s="$SECONDS_PER_PHASE" -v p50="$p50" -v p99="$p99" -v pp=$((p1-p0)) -v gg=$((g1-g0)) -v hz="$hz" \
      -v e="$errors" -v n="$non2xx" -v idle=$((idle1-idle0)) -v cores="$(nproc)" 'BEGIN { printf "%d req/s, p50 %s ms, p99 %s ms, CPU per request: platform %.0f us, postgres %.0f us; machine idle %.0f%% (%d socket errors, %d non-2xx)",
      c/s, p50, p99, pp*1e6/hz/c, gg*1e6/hz/c, idle*100/hz/s/cores, e, n }')
    fi
    # The same page for members who read it before the next (warm from the phases above).
    if measures members; then
    idle0=$(awk '/^cpu / { print $5 + $6 }' /proc/stat)
    MEMBERS="$SEED_DIR/wrk-checkout.txt" SLUG="$SLUG" PAGE=$page THINK_MS="$THINK_MS" wrk -t2 -c"$USERS" -d"${THINK_SECONDS}s" \
      -s infra/bench/wrk/mall-pages.lua "$BASE" > "/tmp/jifen-bench-mall-$page-members.log"
    idle1=$(awk '/^cpu / { print $5 + $6 }' /proc/stat)
    read -r _ _ _ count _ errors _ non2xx < <(grep '^PAGE' "/tmp/jifen-bench-mall-$page-members.log")
    read -r _ _ p50 _ p90 _ p99 _ max < <(grep '^LATENCY' "/tmp/jifen-bench-mall-$page-members.log")
    members[$page]=$(awk -v c="$count" -v s="$THINK_SECONDS" -v p50="$p50" -v p90="$p90" -v p99="$p99" -v max="$max" -v e="$errors" -v n="$non2xx" \
      -v idle=$((idle1-idle0)) -v hz="$hz" -v cores="$(nproc)" 'BEGIN { printf "%d req/s, p50 %s ms, p90 %s ms, p99 %s ms, max %s ms; machine idle %.0f%% (%d socket errors, %d non-2xx)",
      c/s, p50, p90, p99, max, idle*100/hz/s/cores, e, n }')
    fi
  done
fi

echo "machine: $(nproc) cores, load average before the run's end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$LH_RUNS" -gt 0 ]; then
  echo "Lighthouse $("$LIGHTHOUSE_HOME/node_modules/.bin/lighthouse" --version), $("$CHROME_PATH" --version 2>/dev/null), mobile, median of $LH_RUNS:"
  for page in $pages; do echo "  $page: ${scores[$page]}"; done
fi
if measures members; then
  echo "load: $USERS members reading each page for ${THINK_MS} ms before the next, ${THINK_SECONDS} s per page, 1,000 members:"
  for page in $pages; do echo "  $page: ${members[$page]}"; done
fi
if measures saturation; then
  echo "saturation: $USERS closed-loop clients, ${SECONDS_PER_PHASE} s per page after ${WARMUP_SECONDS} s of warm-up, 1,000 members:"
  for page in $pages; do echo "  $page: ${line[$page]}"; done
fi
