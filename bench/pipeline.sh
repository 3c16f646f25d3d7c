#!/usr/bin/env bash
# Model pipeline benchmark (issue 3): per image, stage by stage (decode, frame, preprocess, infer, reading, CAM, overlay,
# PNG encode) through the library's own code on every OS/GCT radiograph of the shared BTXRD copy, pinned to 2 cores; then
# the background job's (PredictionQueue) throughput over the same images. Images are read in place, never copied.
#   bash bench/pipeline.sh [btxrd-dir=../shared/data/btxrd] [passes=3]
set -euo pipefail
cd "$(dirname "$0")/.."
# 2 cores: ONNX Runtime gets 2 intra-op threads, .NET sees 2 processors, and on a bigger machine the process is pinned to two.
pin=(); if command -v taskset >/dev/null && [ "$(nproc --all)" -gt 2 ]; then pin=(taskset -c 0,1); fi
dotnet build bench/BoneTumorTutor.Bench -c Release --nologo -v q >/dev/null
echo "machine: $(nproc --all) cores ($(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d" " -f1-3 /proc/loadavg)"
DOTNET_PROCESSOR_COUNT=2 "${pin[@]}" dotnet bench/BoneTumorTutor.Bench/bin/Release/net10.0/BoneTumorTutor.Bench.dll pipeline --data "${1:-../shared/data/btxrd}" --passes "${2:-3}" --provider "${PROVIDER:-cpu}" --threads 2
