-- wrk script for the ingestion bench: POST /v1/responses with batches of 50 responses, every id fresh.
-- Usage: wrk -t2 -c8 -d10s -s wrk-ingest.lua URL -- SITE_KEY CREATED_AT; prints one JSON line when done.
local counter = 0
local prefix
local site
local created
local template = '{"id":"%s","surveyId":"bench","surveyVersion":1,"seq":0,"completed":true,'
  .. '"answers":{"csat":%d,"nps":%d,"why":"Quick delivery, friendly agent."},'
  .. '"meta":{"url":"https://shop.example/checkout","locale":"en","channel":"web","location":"branch-%d"},'
  .. '"anonId":"%s","createdAt":"%s","updatedAt":"%s"}'

function init(args)
  site = args[1] or "bench"
  created = args[2] or "2026-03-01T10:00:00.000Z"
  -- Threads share nothing: a random prefix per thread keeps their ids apart, the counter within one.
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + math.random(1, 1e6))
  prefix = string.format("%08x", math.random(0, 0x7fffffff))
end

local function uuid()
  counter = counter + 1
  return string.format("%s-%04x-7%03x-8%03x-%012x", prefix, math.random(0, 0xffff), math.random(0, 0xfff), math.random(0, 0xfff), counter)
end

function request()
  local parts = {}
  for i = 1, 50 do
    parts[i] = string.format(template, uuid(), (i % 5) + 1, i % 11, i % 5, uuid(), created, created)
  end
  local body = '{"siteKey":"' .. site .. '","responses":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
