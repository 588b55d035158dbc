#!/usr/bin/env bash
# Shows that the end-to-end tests are not racy: runs the whole e2e suite (Tests/e2e/wizard_e2e.py)
# RUNS times in a row against BINARY while LOAD CPU-bound processes run beside it, stops the load
# by PID, and fails if any run failed (or the load stopped early, which would prove nothing).
#
# Usage: scripts/e2e-under-load.sh BINARY [RUNS (5)] [LOAD (2)]      (`make e2e-stress`)
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:?usage: scripts/e2e-under-load.sh BINARY [RUNS] [LOAD]}
runs=${2:-5}
load=${3:-2}
python=.venv-test/bin/python
logs=$(mktemp -d "${TMPDIR:-/tmp}/smrole-e2e-load.XXXXXX")

load_pids=()
stop_load() {
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${load_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  load_pids=()
}
trap stop_load EXIT

for _ in $(seq "$load"); do
  yes >/dev/null &
  load_pids+=("$!")
done
echo "e2e under load: $runs runs of Tests/e2e/wizard_e2e.py $binary"
echo "load: $load CPU-bound processes (yes >/dev/null), PIDs ${load_pids[*]}, on $(nproc) CPUs"

failed=0
started=$SECONDS
for run in $(seq "$runs"); do
  run_started=$SECONDS
  log="$logs/run-$run.log"
  if "$python" Tests/e2e/wizard_e2e.py "$binary" >"$log" 2>&1; then
    outcome="passed"
  else
    outcome="FAILED"
    failed=$((failed + 1))
  fi
  for pid in "${load_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "the load process $pid stopped during run $run: nothing was proved"; exit 1; }
  done
  echo "run $run/$runs: $outcome in $((SECONDS - run_started)) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$outcome" = FAILED ]; then sed 's/^/    /' "$log"; fi
done
stop_load

echo "$((runs - failed)) of $runs runs passed in $((SECONDS - started)) s beside $load CPU-bound processes"
echo "logs: $logs"
[ "$failed" -eq 0 ]
