#!/usr/bin/env bash
# Live chat load: starts a Release server (embedded SQLite, demo seed) on a free port, holds CONNECTIONS
# customer hub connections, then sends RATE customer messages/s for SECONDS to a watching agent.
# Usage: bench/run-chat.sh [CONNECTIONS] [RATE] [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/kefu-bench-chat.XXXXXX)"
SOURCE=worktree
. "$ROOT/bench/common.sh"
connections="${1:-2000}"; rate="${2:-500}"; seconds="${3:-20}"
copy_source
build src/Kefu.Server "$WORK/server"
build bench/Kefu.Bench.Chat "$WORK/client"
port="$(free_port)"
mkdir -p "$WORK/run"
(cd "$WORK/run" && exec "$WORK/server/kefu" serve --urls "http://127.0.0.1:$port" --Demo:Seed=true --Demo:Tickets=0 \
  --Database:MigrateOnStart=true --Serilog:MinimumLevel:Default=Warning --Routing:Dispatcher:Enabled=false --Chat:SessionsPerMinutePerAddress=100000 --RateLimits:WidgetSessions:PerKeyPerMinute=0 >"$WORK/server.log" 2>&1) &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 1; done
curl -fs -c "$WORK/cookies" -H 'X-Kefu-Request: 1' -H 'Content-Type: application/json' \
  -d '{"workspace":"demo","login":"1003","password":"Kefu@2026"}' "http://127.0.0.1:$port/api/v1/auth/sign-in" >/dev/null
token="$(curl -fs -b "$WORK/cookies" -H 'X-Kefu-Request: 1' -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "http://127.0.0.1:$port/api/v1/auth/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
ulimit -n 65536 || true
echo "revision $REVISION; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), $(nproc) cores"
"$WORK/client/kefu-bench-chat" "http://127.0.0.1:$port" kfw_demo_widget_key "$token" "$connections" "$rate" "$seconds" "$server_pid"
