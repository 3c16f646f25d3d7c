#!/usr/bin/env bash
# Crash durability (issue 8): run the practice-loop load, kill -9 the app in the middle, restart it, and check
# that the database passes PRAGMA integrity_check and holds every answer acknowledged before the kill.
#   bash bench/crash.sh [users=200] [kill-after-seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-200}; kill_after=${2:-15}; port=${PORT:-5098}
work=$(mktemp -d)
cleanup() { kill -9 "${server:-0}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish src/BoneTumorTutor.Web -c Release -o "$work/app" --nologo -v q >/dev/null
dotnet build bench/BoneTumorTutor.Load -c Release --nologo -v q >/dev/null
start_server() {
  Storage__DataDirectory="$work/data" Content__Directory="$PWD/content" ASPNETCORE_ENVIRONMENT=Production \
  RateLimits__LoginPerMinute=1000000 RateLimits__RegisterPerMinute=1000000 RateLimits__AnswersPerMinute=1000000 \
  Logging__LogLevel__Default=Warning \
    dotnet "$work/app/BoneTumorTutor.Web.dll" --urls "http://127.0.0.1:$port" >> "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/account/login" >/dev/null && return 0; sleep 0.5; done
  echo "server did not start"; cat "$work/server.log"; exit 1
}

start_server
load="dotnet bench/BoneTumorTutor.Load/bin/Release/net10.0/BoneTumorTutor.Load.dll"
$load --url "http://127.0.0.1:$port" --users "$users" --seconds $((kill_after + 10)) --case-page-seconds 0 --acks "$work/acks.txt" > "$work/load.log" 2>&1 &
loader=$!
# Kill once answers are flowing.
for _ in $(seq 1 240); do [ -s "$work/acks.txt" ] && break; sleep 0.5; done
sleep "$kill_after"
before=$(wc -l < "$work/acks.txt")
kill -9 "$server"
echo "killed the server with kill -9 after $before acknowledged answers"
# The generator sees the server die; it exits non-zero (errors) and its last lines say how.
wait "$loader" || { echo "load generator exit code $?; its last lines:"; tail -n 3 "$work/load.log"; }
after=$(wc -l < "$work/acks.txt")
echo "acknowledged answers in total: $after (the load generator saw the server die)"

start_server
echo "server restarted"
$load verify --db "$work/data/bonetumortutor.db" --acks "$work/acks.txt"
