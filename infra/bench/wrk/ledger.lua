-- wrk script for the ledger benchmark: each request goes to the next member of the seeded file (members of all
-- tenants, shuffled), with that tenant's token. PHASE (environment) picks earn, spend or balance.
-- Usage: MEMBERS=file PHASE=earn wrk -t2 -c32 -d30s --latency -s infra/bench/wrk/ledger.lua http://127.0.0.1:18080

local phase = os.getenv("PHASE") or "earn"
local members = {}
for line in io.lines(os.getenv("MEMBERS")) do
  local id, token = line:match("^(%S+) (%S+)$")
  members[#members + 1] = { id = id, auth = "Bearer " .. token }
end

local counter = 0
local prefix = ""

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  -- Spread the threads over the members and make idempotency keys unique per thread and run.
  counter = (thread_number or 1) * 7919
  prefix = string.format("wrk-%d-%d-", os.time(), thread_number or 1)
  math.randomseed(os.time() + (thread_number or 1))
end

local bodies = {
  earn = '{"points": 10, "source": "order"}',
  spend = '{"points": 1, "source": "redemption"}',
}

function request()
  counter = counter + 1
  local m = members[(counter % #members) + 1]
  if phase == "balance" then
    return wrk.format("GET", "/api/v1/members/" .. m.id .. "/points/balance",
      { ["Authorization"] = m.auth, ["Accept"] = "application/json" })
  end
  return wrk.format("POST", "/api/v1/members/" .. m.id .. "/points/" .. phase,
    { ["Authorization"] = m.auth, ["Content-Type"] = "application/json", ["Accept"] = "application/json",
      ["Idempotency-Key"] = prefix .. counter },
    bodies[phase])
end

function done(summary, latency, requests)
  io.write(string.format("PHASE %s requests %d errors %d non2xx %d\n", phase, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("LATENCY p50 %.2f p90 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
