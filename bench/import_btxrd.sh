#!/usr/bin/env bash
# Import benchmark (issue 5): time `btt import btxrd` of every osteosarcoma and giant cell tumour image of the shared
# BTXRD copy (359 cases, all sites) into a fresh database INCLUDING the model's readings (the same PredictionQueue /
# ICaseChangeListener path the web app uses; cases are published so the model reads them, as on publish in the app),
# then a second run that must change nothing (no case added or updated, no reading computed).
# The images are read in place from ../shared/data/btxrd; nothing is copied into the repository.
#   bash bench/import_btxrd.sh [btxrd-dir=../shared/data/btxrd] [extra btt import options, e.g. --no-inference]
# Bar: the first run (import + inference) under 120 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/data/btxrd}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish src/BoneTumorTutor.Cli -c Release -o "$work/cli" --nologo -v q >/dev/null
btt() { dotnet "$work/cli/btt.dll" "$@"; }

declare -A wall
run() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  btt import btxrd "$dir" --sites all --publish --data "$work/data" "$@" > "$work/$label.log" 2>&1 || { cat "$work/$label.log"; exit 1; }
  end=$(date +%s.%N)
  wall[$label]=$(echo "$end - $start" | bc)
  local line rows added updated readings
  line=$(grep -o '[0-9]*/[0-9]* rows:.*' "$work/$label.log" | tail -n 1)
  rows=$(echo "$line" | grep -o '^[0-9]*')
  added=$(echo "$line" | grep -o '[0-9]* added' | grep -o '[0-9]*')
  updated=$(echo "$line" | grep -o '[0-9]* updated' | grep -o '[0-9]*')
  readings=$(grep -o 'Inference: [0-9]* readings computed, [0-9]* failed' "$work/$label.log" | tail -n 1 || true)
  echo "$label: ${wall[$label]} s wall (process start included), $(echo "scale=1; $rows / ${wall[$label]}" | bc) cases/s"
  echo "  importer: $line"
  echo "  ${readings:-inference: not run ($(grep -o 'Inference: no conforming model.*' "$work/$label.log" || echo 'disabled'))}"
  echo "  changes: $((added + updated)) cases added or updated, $(echo "${readings:-0}" | grep -o '[0-9]* readings' | grep -o '[0-9]*' || echo 0) readings computed"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run first "$@"
run second "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q " 0 added, 0 updated" "$work/second.log" && ! grep -q 'Inference: [1-9][0-9]* readings computed' "$work/second.log"; then
  echo "second run changed nothing: OK"
else
  echo "second run changed something: FAIL"; exit 1
fi
if awk -v t="${wall[first]}" 'BEGIN { exit !(t < 120) }'; then echo "first run under 120 s: OK"; else echo "first run under 120 s: NOT MET"; fi
