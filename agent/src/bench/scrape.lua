-- wrk script for the benchmark: scrapes as Prometheus 2.42 does (its Accept and Accept-Encoding headers),
-- optionally stops after BENCH_REQUESTS responses per thread, and prints one parseable summary line.
wrk.headers["Accept"] = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
wrk.headers["Accept-Encoding"] = "gzip"

local limit = tonumber(os.getenv("BENCH_REQUESTS") or "0")
if limit > 0 then
  -- defined only when needed: a response() callback makes wrk hand every body to Lua, which costs wrk time
  local count = 0
  function response(status, headers, body)
    count = count + 1
    if count >= limit then wrk.thread:stop() end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d errors=%d non2xx=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f bytes=%d seconds=%.3f\n",
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.bytes, summary.duration / 1e6))
end
