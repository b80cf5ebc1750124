-- wrk script for the checkout benchmark: each request is the next member's (members of all tenants, shuffled), with
-- that member's token and their tenant's item. PHASE (environment) picks checkout (an order of one unit, paid in
-- points: quote, order, hold and capture in one request) or balance (the member's balance, as every mall page shows).
-- Usage: MEMBERS=file PHASE=checkout wrk -t2 -c32 -d30s -s infra/bench/wrk/checkout.lua http://127.0.0.1:18096

local phase = os.getenv("PHASE") or "checkout"
local members = {}
for line in io.lines(os.getenv("MEMBERS")) do
  local token, item = line:match("^(%S+) (%S+)$")
  members[#members + 1] = { auth = "Bearer " .. token, body = '{"item": "' .. item .. '", "quantity": 1}' }
end

local counter = 0
local prefix = ""

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  counter = (thread_number or 1) * 7919
  prefix = string.format("wrk-%d-%d-", os.time(), thread_number or 1)
end

function request()
  counter = counter + 1
  local m = members[(counter % #members) + 1]
  if phase == "balance" then
    return wrk.format("GET", "/api/v1/me/points/balance", { ["Authorization"] = m.auth, ["Accept"] = "application/json" })
  end
  return wrk.format("POST", "/api/v1/me/orders",
    { ["Authorization"] = m.auth, ["Content-Type"] = "application/json", ["Accept"] = "application/json",
      ["Idempotency-Key"] = prefix .. counter },
    m.body)
end

function done(summary, latency, requests)
  io.write(string.format("PHASE %s requests %d errors %d non2xx %d\n", phase, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("LATENCY p50 %.2f p90 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
