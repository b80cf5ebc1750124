-- wrk script for the catalog search benchmark: each connection sends one search, then waits DELAY_MS (so that
-- connections x 1000 / DELAY_MS approximates the offered rate), cycling through Chinese and English queries with
-- and without filters, facets on. TOKEN is a platform operator's access token.
-- Usage: TOKEN=... DELAY_MS=60 wrk -t2 -c16 -d30s -s infra/bench/wrk/catalog.lua http://127.0.0.1:18081

local token = "Bearer " .. os.getenv("TOKEN")
local delay_ms = tonumber(os.getenv("DELAY_MS") or "40")
local queries = {
  "q=%E7%94%B5%E9%A5%AD%E7%85%B2",                                   -- 电饭煲
  "q=HUAWEI",
  "q=%E5%92%96%E5%95%A1&sort=PRICE_ASCENDING",                        -- 咖啡
  "q=%E6%99%BA%E8%83%BD%E6%89%8B%E8%A1%A8&inStock=true",             -- 智能手表
  "q=Apple%20iPhone",
  "category=1319&minPriceFen=20000&maxPriceFen=60000",                -- 母婴, 200-600 元
  "q=%E8%B7%91%E6%AD%A5%E9%9E%8B%20NIKE",                             -- 跑步鞋 NIKE
  "q=%E5%A4%A7%E7%B1%B3&sort=PRICE_DESCENDING&page=1",               -- 大米
  "q=%E7%99%BD%E9%85%92%20%E7%A4%BC%E7%9B%92",                        -- 白酒 礼盒
  "deliveryKind=PHYSICAL&sort=NEWEST",
}

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  counter = (thread_number or 1) * 3
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/api/v1/operator/catalog/search?" .. queries[(counter % #queries) + 1],
    { ["Authorization"] = token, ["Accept"] = "application/json" })
end

function delay()
  return delay_ms
end

function done(summary, latency, requests)
  io.write(string.format("SEARCH requests %d errors %d non2xx %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("LATENCY p50 %.2f p90 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
