#!/usr/bin/env bash
# Runs the benchmark (docs/benchmarks.md): starts the app and the simulator as their own processes on loopback,
# measures QR time, memory per instance, send throughput and latency, and recovery from a killed browser, each
# against plain Chromium pages measured in the same run, then prints the table and writes it to docs/benchmarks.md.
# Engine settings can be overridden through the environment, e.g. Engine__HealthCheckInterval=00:00:05.
# --failover runs three nodes over a throwaway PostgreSQL and Redis, started here as scripts/test.sh starts them.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
require_dotnet_and_node

export Engine__ChromiumPath="$(ensure_chromium)"
if [ "${1:-}" = --failover ]; then
  start_throwaway_servers
  # Not exec: the servers are stopped when this script exits.
  dotnet run -c Release --project WhatsPortal.Benchmarks -- "$@"
  exit
fi
exec dotnet run -c Release --project WhatsPortal.Benchmarks -- "$@"
