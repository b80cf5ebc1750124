-- wrk script for the earning benchmark: each request posts a batch of BATCH order events (default 100) for members of
-- one tenant, tenants in turn, every event id unique per thread and run.
-- Usage: MEMBERS=file BATCH=100 wrk -t2 -c16 -d30s -s infra/bench/wrk/earning.lua http://127.0.0.1:18082

local batch = tonumber(os.getenv("BATCH") or "100")
local tenants = {}
local byAuth = {}
for line in io.lines(os.getenv("MEMBERS")) do
  local id, token = line:match("^(%S+) (%S+)$")
  local auth = "Bearer " .. token
  if not byAuth[auth] then
    byAuth[auth] = { auth = auth, members = {} }
    tenants[#tenants + 1] = byAuth[auth]
  end
  local members = byAuth[auth].members
  members[#members + 1] = id
end

local counter = 0
local prefix = ""
local categories = { "milk", "diapers", "toys", "shoes", "books", "coffee", "rice", "phones" }

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
  local tenant = tenants[(counter % #tenants) + 1]
  local events = {}
  for i = 1, batch do
    local n = counter * batch + i
    local member = tenant.members[(n % #tenant.members) + 1]
    local amount = 1000 + (n * 7919) % 90000
    events[i] = string.format(
      '{"eventId":"%s%d","type":"ORDER_PAID","memberId":"%s","order":{"orderId":"%s%d","amountFen":%d,"channel":"app",' ..
      '"items":[{"category":"%s","amountFen":%d}]}}',
      prefix, n, member, prefix, n, amount, categories[(n % #categories) + 1], amount)
  end
  return wrk.format("POST", "/api/v1/earning/event-batches",
    { ["Authorization"] = tenant.auth, ["Content-Type"] = "application/json", ["Accept"] = "application/json" },
    '{"events":[' .. table.concat(events, ",") .. ']}')
end

function done(summary, latency, requests)
  io.write(string.format("BATCHES %d errors %d non2xx %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("LATENCY p50 %.2f p90 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
