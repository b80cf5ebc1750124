#!/usr/bin/env bash
# Runs the README's "Run it" walkthrough, exactly the commands of its sh blocks after the run command, against a running
# `spring-boot:test-run`, and checks each block's answer. Expects a first run (fresh data): the walkthrough publishes a
# rule version and sends an order event, which a second run of it would find already there.
#   JIFEN_PORT=18080 ./mvnw -pl platform -am spring-boot:test-run > /tmp/jifen-run.log 2>&1 &
#   (wait for "Jifen is running" in the log)
#   infra/readme-walkthrough.sh /tmp/jifen-run.log
# The Keycloak URL comes from the run's banner, the API port from JIFEN_PORT (default 8080); the README's own KC= and
# API= lines are replaced by those. Needs curl and jq, as the README says.
set -euo pipefail
log=${1:?usage: infra/readme-walkthrough.sh RUN_LOG}
readme="$(cd "$(dirname "$0")/.." && pwd)/README.md"
keycloak=$(grep -o 'Keycloak       http://127.0.0.1:[0-9]*' "$log" | tail -1 | awk '{print $2}')
[ -n "$keycloak" ] || { echo "no banner with the Keycloak URL in $log (is the run ready?)" >&2; exit 1; }
api="http://127.0.0.1:${JIFEN_PORT:-8080}"
work=$(mktemp -d /tmp/readme-walkthrough.XXXXXX)

# The sh blocks of "## Run it", numbered from 1 (block 1 is the run command itself).
awk '/^## Run it/{on=1} /^## Test it/{on=0} on' "$readme" | awk -v dir="$work" '
  /^```sh$/ { n++; inside = 1; next }
  /^```$/   { inside = 0; next }
  inside    { print > (dir "/block-" n ".sh") }'
blocks=$(ls "$work"/block-*.sh | wc -l)
[ "$blocks" -eq 7 ] || { echo "expected 7 sh blocks in README's Run it, found $blocks: update the checks below" >&2; exit 1; }

{
  echo "set -euo pipefail"
  echo "KC='$keycloak/realms/jifen'"
  echo "API='$api'"
  for i in $(seq 2 "$blocks"); do
    echo "{"
    grep -v -E '^(KC|API)=' "$work/block-$i.sh"
    echo "} > '$work/answer-$i' 2>&1"
  done
  # The README's last sentence: the same event again is a duplicate.
  echo "curl -s -H \"Authorization: Bearer \$TOKEN\" -H 'Content-Type: application/json' \$API/api/v1/earning/events \\"
  echo "  -d '{\"eventId\": \"order-1001-paid\", \"type\": \"ORDER_PAID\", \"externalMemberId\": \"bella-baby-c-001\","
  echo "       \"order\": {\"orderId\": \"1001\", \"amountFen\": 12800}}' > '$work/answer-again' 2>&1"
} > "$work/walkthrough.sh"

failures=0
check() { # description, file, fixed string that must be in it
  if grep -qF -- "$3" "$2"; then
    echo "ok    $1"
  else
    echo "FAIL  $1: no '$3' in $(basename "$2"):"; head -c 600 "$2"; echo
    failures=$((failures + 1))
  fi
}

echo "running the README's walkthrough against $api (Keycloak $keycloak); answers in $work"
bash "$work/walkthrough.sh" || { echo "FAIL  a walkthrough command failed (exit $?)"; failures=$((failures + 1)); }
touch "$work"/answer-{2,3,4,5,6,7,again}

check "the demo API client lists the demo members" "$work/answer-2" '"externalId":"bella-baby-c-001"'
check "the operator's JD full sync completes" "$work/answer-3" '"supplier":"jd","job":"catalogFullSync","status":"COMPLETED"'
check "the operator's e-voucher full sync completes" "$work/answer-3" '"supplier":"vouchers","job":"catalogFullSync","status":"COMPLETED"'
check "the operator's search finds rice cookers" "$work/answer-3" '电饭煲'
check "the admin puts the voucher in the mall at 3500 points" "$work/answer-4" '{"supplierId":"vouchers","skuId":"10000001","pointsPrice":3500}'
check "the admin's selection search finds it" "$work/answer-4" '星巴克 Starbucks 10元电子礼品卡'
check "the selection search shows the admin's price" "$work/answer-4" '3500'
check "the order event is applied" "$work/answer-5" '"status":"APPLIED"'
check "the order earns 128 points" "$work/answer-5" '"points":128'
check "the same event again is a duplicate" "$work/answer-again" '"status":"DUPLICATE"'
check "the member signs in and sees the 128 points" "$work/answer-6" '"available":128'
check "the same link again is refused" "$work/answer-6" 'auto-login-replayed'
check "the member's mall lists the selected Starbucks card" "$work/answer-6" '"ref":"hub:vouchers:10000001"'
check "the member's quote costs 100 points" "$work/answer-7" '"points":100'
check "the order is paid in points and delivered at once" "$work/answer-7" '"state":"DELIVERED"'
check "the member's orders show it delivered and closed" "$work/answer-7" '"closedAt":"'
check "the balance is down to 28" "$work/answer-7" '"available":28'

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "the README's walkthrough runs as written"
