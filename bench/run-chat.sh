#!/usr/bin/env bash
# Live chat load: starts a Release server (embedded SQLite, demo seed) on a free port, holds CONNECTIONS
# customer hub connections, then sends RATE customer messages/s for SECONDS to a watching agent, and writes
# the figures into docs/benchmarks.md (between the chat-results markers).
#
#   bench/run-chat.sh [CONNECTIONS] [RATE] [SECONDS] [--no-doc] [--source worktree|head]
#
# With KEFU_BENCH_RESULTS=DIR the result is also kept as DIR/chat-embedded.json (bench/run-all.sh reads it).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
COMMAND="bench/run-chat.sh${*:+ $*}"
SOURCE=worktree
WRITE_DOC=1
positional=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-doc) WRITE_DOC=0; shift ;;
    --source) SOURCE="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) positional+=("$1"); shift ;;
  esac
done
connections="${positional[0]:-2000}"; rate="${positional[1]:-500}"; seconds="${positional[2]:-20}"
WORK="$(mktemp -d /tmp/kefu-bench-chat.XXXXXX)"
. "$ROOT/bench/common.sh"
copy_source
build src/Kefu.Server "$WORK/server"
build bench/Kefu.Bench.Chat "$WORK/client"
machine_facts
port="$(free_port)"
mkdir -p "$WORK/run"
(cd "$WORK/run" && exec "$WORK/server/kefu" serve --urls "http://127.0.0.1:$port" --Demo:Seed=true --Demo:Tickets=0 \
  --Database:MigrateOnStart=true --Serilog:MinimumLevel:Default=Warning --Routing:Dispatcher:Enabled=false --Chat:SessionsPerMinutePerAddress=100000 --RateLimits:WidgetSessions:PerKeyPerMinute=0 >"$WORK/server.log" 2>&1) &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 1; done
token="$(agent_token "http://127.0.0.1:$port")"
ulimit -n 65536 2>/dev/null || true
echo "revision $REVISION; $CPU_MODEL, $(nproc) cores; open-file limit $(ulimit -n); load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$WORK/client/kefu-bench-chat" "http://127.0.0.1:$port" kfw_demo_widget_key "$token" "$connections" "$rate" "$seconds" "$server_pid" | tee "$WORK/client.out"
tail -n 1 "$WORK/client.out" >"$WORK/result.json"
[[ -n "${KEFU_BENCH_RESULTS:-}" ]] && cp "$WORK/result.json" "$KEFU_BENCH_RESULTS/chat-embedded.json"
chat_section "$WORK/result.json" "embedded SQLite, one node" >"$WORK/section.md"
cat "$WORK/section.md"
[[ "$WRITE_DOC" -eq 1 ]] && write_doc_section chat-results "Live chat load (embedded)" "$WORK/section.md"
exit 0
