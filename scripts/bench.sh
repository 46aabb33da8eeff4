#!/usr/bin/env bash
# Builds the server and the benchmark in Release and runs the benchmark, which starts a real `wharf server
# --disable-agent` and a local etcd (the yardstick) on loopback, measures, stops both and prints the figures.
#   scripts/bench.sh            full run (a few minutes)
#   scripts/bench.sh --quick    smoke run (under a minute)
#   scripts/bench.sh scheduler [--quick] [--workload NAME]   scheduler_perf workloads through the API server (no etcd needed)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != scheduler ]] && ! command -v etcd >/dev/null; then
  echo "bench: etcd not found; install Debian's etcd-server (scripts/install-deps.sh or apt-get install etcd-server)" >&2
  exit 1
fi

dotnet build src/Wharf -c Release -nologo -clp:ErrorsOnly -v:q
dotnet build bench/Wharf.Bench -c Release -nologo -clp:ErrorsOnly -v:q
WHARF_BENCH_COMMAND="scripts/bench.sh $*" dotnet bench/Wharf.Bench/bin/Release/net10.0/Wharf.Bench.dll "$@"
