-- wrk script for the portal benchmark (driven by bench/load.py through environment variables).
--
-- BENCH_DATA    Lua file returning {cookies = {...}, csrf = {...}}: one signed-in attendee each
-- BENCH_ROTATE  "1": each request goes out as the next attendee (else always the first)
-- BENCH_METHOD  GET (default) or POST;  BENCH_HTMX "1": ask for the agenda-list partial
-- BENCH_TOTAL   stop after this many responses in all (0: run for wrk's -d duration)
-- BENCH_SPREAD  with BENCH_TOTAL: milliseconds over which to send them, evenly (open loop);
--               0 sends as fast as the connections allow
-- BENCH_HEADERS more request headers, one "Name: value" a line (e.g. the status poll's htmx ones)
-- BENCH_CHECK   "1": count statuses; BENCH_THREADS: wrk -t; BENCH_OUT: done() writes JSON there
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local function now_ms()
  local tv = ffi.new("bench_timeval")
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local env = os.getenv
local total = tonumber(env("BENCH_TOTAL") or "0")
local spread = tonumber(env("BENCH_SPREAD") or "0")
local threads = {}
local counter = 0 -- thread ids, 0 .. nthreads - 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  data = dofile(env("BENCH_DATA"))
  nthreads = tonumber(env("BENCH_THREADS"))
  share = total > 0 and math.floor(total / nthreads) + ((id < total % nthreads) and 1 or 0) or 0
  granted, received, ok, other, turn = 0, 0, 0, 0, 0
  queue, head = {}, 1
  started = now_ms()
  method = env("BENCH_METHOD") or "GET"
  htmx = env("BENCH_HTMX") == "1"
  rotate = env("BENCH_ROTATE") == "1"
  extra = {}
  for name, value in string.gmatch(env("BENCH_HEADERS") or "", "([^:\n]+):%s*([^\n]*)") do
    extra[name] = value
  end
end

-- With a quota, delay() hands out the thread's requests in order (request k of thread `id` is
-- number k * nthreads + id overall) and request() takes them first come, first served. (wrk
-- also calls request() once per thread at start-up, without sending it: a counter there
-- would be off by one.)
local function next_index()
  if total == 0 then
    turn = turn + 1
    return (turn - 1) * nthreads + id
  end
  if head > #queue then return 0 end -- wrk's start-up call
  head = head + 1
  return queue[head - 1]
end

function request()
  local i = rotate and (next_index() % #data.cookies) + 1 or 1
  local headers = { Cookie = data.cookies[i] }
  for name, value in pairs(extra) do headers[name] = value end
  if htmx then
    headers["HX-Request"] = "true"
    headers["HX-Target"] = "agenda-list"
  end
  if method == "POST" then
    headers["X-CSRFToken"] = data.csrf[i]
    headers["HX-Request"] = "true"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", nil, headers, "")
  end
  return wrk.format("GET", nil, headers)
end

if total > 0 then -- without a quota no delay(): wrk then sends back to back
  function delay()
    if granted >= share then return 3600000 end -- quota handed out: stay idle
    local index = granted * nthreads + id
    granted = granted + 1
    queue[#queue + 1] = index
    if spread == 0 then return 0 end
    return math.max(0, started + index * spread / total - now_ms())
  end
end

if env("BENCH_CHECK") == "1" then
  function response(status, headers, body)
    received = received + 1
    if status == 200 then ok = ok + 1 else other = other + 1 end
    if total > 0 and received >= share then wrk.thread:stop() end
  end
end

function done(summary, latency, requests)
  local ok_sum, other_sum = 0, 0
  for _, t in ipairs(threads) do
    ok_sum = ok_sum + (t:get("ok") or 0)
    other_sum = other_sum + (t:get("other") or 0)
  end
  local e = summary.errors
  local out = io.open(env("BENCH_OUT"), "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "status_200": %d, "status_other": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}',
    summary.requests, summary.duration, summary.bytes, ok_sum, other_sum,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max))
  out:close()
end
