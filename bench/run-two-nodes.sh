#!/usr/bin/env bash
# Scale-out benchmark: PostgreSQL 15 and Redis on loopback (started here, on free ports, in a temp dir), `kefu migrate`
# once, then two Release nodes on different ports sharing both. Measures
#   1. ticket intake over HTTP with one load client per node running at the same time (rows checked after), and
#   2. live chat with every customer connected to node A and the agent to node B (each push crosses Redis),
# and writes the figures into docs/benchmarks.md (between the two-node-results markers).
#
#   bench/run-two-nodes.sh [--duration S] [--concurrency C] [--connections N] [--rate R] [--seconds S]
#                          [--source worktree|head] [--no-doc]
#
# --concurrency is per node (default 32, so 64 in all). With KEFU_BENCH_RESULTS=DIR the results are also kept as
# DIR/intake-two-node-pg.rows and DIR/chat-two-node.json (bench/run-all.sh reads them).
# Needs: .NET SDK, jq, curl, psql, PostgreSQL 15 binaries, redis-server. Only processes started here are stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bench/run-two-nodes.sh${*:+ $*}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
DURATION=15
CONCURRENCY=32
CONNECTIONS=1000
RATE=200
SECONDS_CHAT=15
SOURCE=worktree
WRITE_DOC=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --seconds) SECONDS_CHAT="$2"; shift 2 ;;
    --source) SOURCE="$2"; shift 2 ;;
    --no-doc) WRITE_DOC=0; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in dotnet jq curl psql redis-server; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
[[ -x "$PG_BIN/pg_ctl" ]] || { echo "missing PostgreSQL 15 in $PG_BIN" >&2; exit 2; }

WORK="$(mktemp -d /tmp/kefu-bench-two-nodes.XXXXXX)"
chmod 755 "$WORK"
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
PIDS=()
PG_DATA="$WORK/pg/data"
as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -f "$PG_DATA/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> building the server and the clients"
copy_source
build src/Kefu.Server "$WORK/server"
build bench/Kefu.Bench.Load "$WORK/load"
build bench/Kefu.Bench.Chat "$WORK/chat"
machine_facts

echo "==> PostgreSQL and Redis on loopback"
mkdir -p "$WORK/pg"
[[ "$(id -u)" == 0 ]] && chown postgres:postgres "$WORK/pg"
PG_PORT="$(free_port)"
as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c max_connections=300" start >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -c 'CREATE DATABASE kefu_bench' postgres
REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --logfile "$WORK/redis.log" &
PIDS+=($!)

KEY="kfk_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
NODE_ENV=(ASPNETCORE_ENVIRONMENT=Production Database__Provider=postgres
  "ConnectionStrings__Kefu=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=kefu_bench;Maximum Pool Size=60"
  "Redis__Connection=127.0.0.1:$REDIS_PORT" Serilog__MinimumLevel__Default=Warning "Demo__IntegrationKey=$KEY"
  Routing__Dispatcher__Enabled=false Chat__SessionsPerMinutePerAddress=100000 DOTNET_NOLOGO=1)
(cd "$WORK" && env "${NODE_ENV[@]}" dotnet "$WORK/server/kefu.dll" migrate) >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }

start_node() { # name, port, seed?
  mkdir -p "$WORK/$1"
  (cd "$WORK/$1" && exec env "${NODE_ENV[@]}" "Demo__Seed=$3" Demo__Tickets=1 dotnet "$WORK/server/kefu.dll" --urls "http://127.0.0.1:$2") \
    >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$2/readyz" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "node $1 did not become ready; its log:" >&2; tail -n 40 "$WORK/$1.log" >&2; exit 1
}
PORT_A="$(free_port)"; start_node a "$PORT_A" true; PID_A="${PIDS[-1]}"
PORT_B="$(free_port)"; start_node b "$PORT_B" false; PID_B="${PIDS[-1]}"
echo "   node A :$PORT_A (pid $PID_A), node B :$PORT_B (pid $PID_B), PostgreSQL :$PG_PORT, Redis :$REDIS_PORT"
count_tickets() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -At -d kefu_bench -c 'SELECT count(*) FROM "Tickets"'; }

echo "==> intake: one client per node, $CONCURRENCY each, ${DURATION} s"
before="$(count_tickets)"
for node in a b; do
  port="$PORT_A"; [[ "$node" == b ]] && port="$PORT_B"
  dotnet "$WORK/load/kefu-bench-load.dll" --url "http://127.0.0.1:$port" --key "$KEY" --concurrency "$CONCURRENCY" \
    --duration "$DURATION" --warmup 3 --tag "two-node-$node-$RANDOM" >"$WORK/load-$node.out" 2>"$WORK/load-$node.err" &
  PIDS+=($!)
done
wait "${PIDS[-1]}" "${PIDS[-2]}" || true
after="$(count_tickets)"
for node in a b; do jq -e .createdTotal >/dev/null <<<"$(tail -n 1 "$WORK/load-$node.out")" || { cat "$WORK/load-$node.err" >&2; exit 1; }; done
INTAKE="$(jq -s '{ perSecond: (map(.ticketsPerSecond) | add), p50: (map(.latencyMs.p50) | max), p90: (map(.latencyMs.p90) | max),
  p99: (map(.latencyMs.p99) | max), max: (map(.latencyMs.max) | max), created: (map(.createdTotal) | add), failed: (map(.failed) | add) }' \
  <(tail -n 1 "$WORK/load-a.out") <(tail -n 1 "$WORK/load-b.out"))"
ROWS=$((after - before))
echo "$INTAKE" | jq -c .
echo "   new rows $ROWS, 201 answers $(jq .created <<<"$INTAKE")"

echo "==> chat: $CONNECTIONS customers on node A, the agent on node B, $RATE msg/s for $SECONDS_CHAT s"
token="$(agent_token "http://127.0.0.1:$PORT_B")"
ulimit -n 65536 2>/dev/null || true
"$WORK/chat/kefu-bench-chat" "http://127.0.0.1:$PORT_A" kfw_demo_widget_key "$token" "$CONNECTIONS" "$RATE" "$SECONDS_CHAT" "$PID_A" \
  "http://127.0.0.1:$PORT_B" | tee "$WORK/chat.out"
tail -n 1 "$WORK/chat.out" >"$WORK/chat.json"

if [[ -n "${KEFU_BENCH_RESULTS:-}" ]]; then
  jq -r --arg c "$((CONCURRENCY * 2))" '"\($c) \(.perSecond) \(.p50) \(.p90) \(.p99) \(.max)"' <<<"$INTAKE" >"$KEFU_BENCH_RESULTS/intake-two-node-pg.rows"
  cp "$WORK/chat.json" "$KEFU_BENCH_RESULTS/chat-two-node.json"
fi

{
  echo "Command: \`$COMMAND\` · commit $REVISION · $CPU_MODEL, $(nproc) cores, $MEM · $OS · .NET $DOTNET · PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }'), Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2) · everything (both nodes, database, Redis, clients) on this one machine"
  echo
  echo "**Intake**, one load client per node at concurrency $CONCURRENCY each, ${DURATION} s after a 3 s warm-up:"
  echo
  echo "| tickets/s (both nodes) | p50 ms | p90 ms | p99 ms | max ms | 201 answers | new rows in PostgreSQL | failed |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  jq -r --arg rows "$ROWS" '"| \(.perSecond | floor) | \(.p50) | \(.p90) | \(.p99) | \(.max) | \(.created) | \($rows) | \(.failed) |"' <<<"$INTAKE"
  echo
  echo "201 answers include the warm-up; rows are counted before and after, so they must match exactly."
  echo
  echo "**Chat across nodes**: customers on node A, the agent on node B, so every push crosses the Redis backplane."
  echo
  echo "| connections (node A) | offered msg/s | achieved msg/s | failed | delivered (of sent) | p50 ms | p90 ms | p99 ms | max ms |"
  echo "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"
  jq -r '"| \(.connections) | \(.offeredPerSecond) | \(.achievedPerSecond) | \(.failed) | \(.delivered) of \(.sent) | \(.latencyMs.p50) | \(.latencyMs.p90) | \(.latencyMs.p99) | \(.latencyMs.max) |"' "$WORK/chat.json"
} >"$WORK/section.md"
cat "$WORK/section.md"
[[ "$(jq .created <<<"$INTAKE")" == "$ROWS" ]] || { echo "rows ($ROWS) do not match the 201 answers" >&2; exit 1; }
[[ "$WRITE_DOC" -eq 1 ]] && write_doc_section two-node-results "Scale-out: two nodes on PostgreSQL + Redis" "$WORK/section.md"
exit 0
