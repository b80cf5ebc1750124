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
SKUS="${SKUS:-100000}"
SEARCH_SECONDS="${SEARCH_SECONDS:-30}"
CONNECTIONS="${CONNECTIONS:-16}"
DELAY_MS="${DELAY_MS:-60}"
BENCH_HOME="${BENCH_HOME:-/var/tmp/jifen-bench-catalog}"
PORT="${PORT:-18081}"

command -v wrk > /dev/null && command -v jq > /dev/null || { apt-get update -q && apt-get install -y -q wrk jq; }

. infra/bench/stack.sh
build
start_stack catalog JIFEN_SANDBOX_SKUS="$SKUS"
start_platform catalog --jifen.hub.schedule.changes=- --jifen.hub.schedule.full-sync=-

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
