-- wrk reporter: requests per second and the 50th, 95th and 99th latency percentiles in ms.
done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
