-- wrk script for the mall on the phone's benchmark (issue 16): each request is the next member's page, signed in by the
-- mall's session cookie (jifen_mall: the member token an auto-login sets), in the tenant SLUG. PAGE (environment) picks
-- home (/m/SLUG/), item (/m/SLUG/items/REF) or checkout (/m/SLUG/checkout/REF), REF the member's line's item.
-- THINK_MS=min-max: each client waits a random time in that range (ms) before its next page, as a member reads the page
-- before tapping on; without it each client asks again as soon as it is answered (the load that saturates the machine).
-- Usage: MEMBERS=file SLUG=slug PAGE=home [THINK_MS=1000-3000] wrk -t2 -c50 -d30s -s infra/bench/wrk/mall-pages.lua http://127.0.0.1:18097

local page = os.getenv("PAGE") or "home"
local slug = os.getenv("SLUG")
local members = {}
for line in io.lines(os.getenv("MEMBERS")) do
  local token, item = line:match("^(%S+) (%S+)$")
  local path = "/m/" .. slug .. "/"
  if page == "item" then path = path .. "items/" .. item elseif page == "checkout" then path = path .. "checkout/" .. item end
  members[#members + 1] = { cookie = "jifen_mall=" .. token, path = path }
end

local counter = 0
local think_min, think_max = (os.getenv("THINK_MS") or ""):match("^(%d+)-(%d+)$")
think_min, think_max = tonumber(think_min), tonumber(think_max)

if think_min then
  function delay()
    return math.random(think_min, think_max)
  end
end

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  counter = (thread_number or 1) * 7919
  math.randomseed(os.time() + (thread_number or 1))
end

function request()
  counter = counter + 1
  local m = members[(counter % #members) + 1]
  return wrk.format("GET", m.path, { ["Cookie"] = m.cookie, ["Accept"] = "text/html", ["Accept-Encoding"] = "gzip",
    ["Accept-Language"] = "zh-CN,zh;q=0.9" })
end

function done(summary, latency, requests)
  io.write(string.format("PAGE %s requests %d errors %d non2xx %d\n", page, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("LATENCY p50 %.2f p90 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
