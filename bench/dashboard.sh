#!/usr/bin/env bash
# Speed of the director dashboard and a learner's progress page (issue 4): Release build, a fresh SQLite database
# seeded by bench/seed_progress.py with T trainees and A committed answers; each page fetched R times after one
# warm-up; prints p50/p95 in milliseconds (curl's total time, server on the same machine).
#   bash bench/dashboard.sh [trainees=1000] [answers=1000000] [requests=20]
set -euo pipefail
cd "$(dirname "$0")/.."
trainees=${1:-1000}; answers=${2:-1000000}; requests=${3:-20}; port=${PORT:-5098}
work=$(mktemp -d)
# KEEP_DB=path keeps a copy of the seeded database there (for profiling queries without seeding again).
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; [ -z "${KEEP_DB:-}" ] || cp "$work/data/bonetumortutor.db" "$KEEP_DB"; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
pw="bench-password-42"

dotnet publish src/BoneTumorTutor.Web -c Release -o "$work/app" --nologo -v q >/dev/null
Storage__DataDirectory="$work/data" Content__Directory="$PWD/content" ASPNETCORE_ENVIRONMENT=Production \
RateLimits__LoginPerMinute=1000000 RateLimits__RegisterPerMinute=1000000 Logging__LogLevel__Default=Warning \
  dotnet "$work/app/BoneTumorTutor.Web.dll" --urls "$url" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do curl -sf "$url/account/login" >/dev/null && break; sleep 0.5; done

token() { grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | sed 's/.*value="//; s/"$//' | head -1; }
register() { # email jar stage value
  local t; t=$(curl -s -c "$2" -b "$2" "$url/account/register" | token)
  curl -s -o /dev/null -c "$2" -b "$2" "$url/account/register" --data-urlencode "__RequestVerificationToken=$t" \
    --data-urlencode "Email=$1" --data-urlencode "DisplayName=${1%@*}" --data-urlencode "Password=$pw" \
    --data-urlencode "ConfirmPassword=$pw" --data-urlencode "Stage=$3" --data-urlencode "StageValue=$4"
}
login() { # email jar
  rm -f "$2"; local t; t=$(curl -s -c "$2" -b "$2" "$url/account/login" | token)
  curl -s -o /dev/null -c "$2" -b "$2" "$url/account/login" --data-urlencode "__RequestVerificationToken=$t" \
    --data-urlencode "Email=$1" --data-urlencode "Password=$pw"
}
register director@bench.invalid "$work/d.jar" Radiologist 15
register trainee@bench.invalid "$work/t.jar" Resident 3
seed_start=$(date +%s.%N)
python3 bench/seed_progress.py "$work/data/bonetumortutor.db" --trainees "$trainees" --answers "$answers" \
  --director director@bench.invalid --trainee trainee@bench.invalid
# The progress summaries are kept by triggers on Attempts (Progress/ProgressSummarySql.cs), so their cost is in this time.
echo "seeding took $(echo "$(date +%s.%N) - $seed_start" | bc) s (summaries maintained by the Attempts triggers during the inserts)"
login director@bench.invalid "$work/d.jar"
login trainee@bench.invalid "$work/t.jar"

time_page() { # label jar path
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -b "$2" "$url$3")
  [ "$code" = 200 ] || { echo "$1: HTTP $code for $3" >&2; exit 1; }
  for _ in $(seq 1 "$requests"); do curl -s -o /dev/null -w '%{time_total}\n' -b "$2" "$url$3"; done |
    sort -n | awk -v label="$1" '{ t[NR] = $1 * 1000 } END {
      p50 = t[int((NR - 1) * 0.50) + 1]; p95 = t[int((NR - 1) * 0.95) + 1];
      printf "%-26s n=%d  p50 %.0f ms  p95 %.0f ms  max %.0f ms\n", label, NR, p50, p95, t[NR] }'
}
echo "Release, SQLite WAL, $(nproc) cores; $trainees seeded trainees, $answers answers; load average:$(uptime | sed 's/.*load average://')"
time_page "baseline: sign-in page" "$work/d.jar" /account/login
time_page "dashboard (director)" "$work/d.jar" /dashboard
time_page "progress (trainee)" "$work/t.jar" /progress
learner=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT Id FROM AspNetUsers WHERE Email LIKE 'seed%' LIMIT 1\").fetchone()[0])" "$work/data/bonetumortutor.db")
time_page "drill-down (director)" "$work/d.jar" "/dashboard/learners/$learner"
echo "load average after:$(uptime | sed 's/.*load average://')"
