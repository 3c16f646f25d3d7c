#!/usr/bin/env bash
# Import benchmark (issue 5): time `btt import btxrd` of every osteosarcoma and giant cell tumour image of the shared
# BTXRD copy (359 cases, all sites) into a fresh database, then a second run that must change nothing.
# The images are read in place from ../shared/data/btxrd; nothing is copied into the repository.
#   bash bench/import_btxrd.sh [btxrd-dir=../shared/data/btxrd]
# Model inference on import happens only where an ICaseChangeListener is registered in the CLI (model serving);
# the script says which was the case.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/data/btxrd}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish src/BoneTumorTutor.Cli -c Release -o "$work/cli" --nologo -v q >/dev/null
btt() { dotnet "$work/cli/btt.dll" "$@"; }

run() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  btt import btxrd "$dir" --sites all --data "$work/data" > "$work/$label.log" 2>&1 || { cat "$work/$label.log"; exit 1; }
  end=$(date +%s.%N)
  echo "$label: $(echo "$end - $start" | bc) s wall (process start included); importer: $(grep -o '[0-9]*/[0-9]* rows:.*' "$work/$label.log" | tail -n 1)"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run first
run second
grep -q " 0 added, 0 updated" "$work/second.log" && echo "second run changed nothing: OK" || { echo "second run changed cases"; exit 1; }
if grep -qi "inference\|prediction" "$work/first.log"; then echo "inference: ran (see log lines above)"; else echo "inference: no model listener registered in the CLI; times are import only"; fi
