#!/usr/bin/env bash
# Agent-facing read benchmark: inbox views, ticket view, brief, a customer's history, search and assist on the embedded
# (SQLite) server, at several data-set sizes made by `kefu seed --tickets N`, then the figures go into
# docs/benchmarks.md (between the query-results markers). Seeded databases are kept in --cache and reused.
#
#   bench/run-queries.sh [--sizes "10000 100000 1000000"] [--requests N] [--concurrency C] [--cache DIR]
#                        [--source worktree|head] [--set agent|analytics] [--no-doc]
# --set analytics measures the dashboard's reports instead; it first runs `kefu analytics rebuild` once on each seeded
# database (the seeder writes timelines, not metric facts) and writes its own section of the doc.
# Needs: .NET SDK, jq, curl.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bench/run-queries.sh${*:+ $*}"
SIZES="10000 100000 1000000"
REQUESTS=300
CONCURRENCY=4
CACHE=/tmp/kefu-bench-queries
SOURCE=worktree
WRITE_DOC=1
SET=agent
TARGET_P95=100
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --requests) REQUESTS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --source) SOURCE="$2"; shift 2 ;;
    --set) SET="$2"; shift 2 ;;
    --no-doc) WRITE_DOC=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in dotnet jq curl; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done

WORK="$(mktemp -d /tmp/kefu-bench-queries.XXXXXX)"
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "==> building the server and the client"
copy_source
build src/Kefu.Server "$WORK/server"
build bench/Kefu.Bench.Queries "$WORK/client"
machine_facts
mkdir -p "$CACHE"

rows="$WORK/rows.md"
: >"$rows"
for size in $SIZES; do
  dir="$CACHE/$size"
  if [[ ! -f "$dir/ready" ]]; then
    echo "==> seeding $size tickets into $dir (kept for later runs)"
    rm -rf "$dir"; mkdir -p "$dir"
    key="kfk_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    seed_start=$(date +%s)
    (cd "$dir" && dotnet "$WORK/server/kefu.dll" seed --tickets "$size" --ConnectionStrings:Kefu="Data Source=$dir/kefu.db" \
      --Demo:IntegrationKey="$key" --Serilog:MinimumLevel:Default=Warning)
    echo "$key" >"$dir/key"
    echo "$(( $(date +%s) - seed_start ))" >"$dir/seed-seconds"
    touch "$dir/ready"
  fi

  if [[ "$SET" == analytics && ! -f "$dir/analytics-ready" ]]; then
    echo "==> rebuilding metric facts and rollups from the timelines of $size tickets"
    rebuild_start=$(date +%s)
    (cd "$dir" && dotnet "$WORK/server/kefu.dll" analytics rebuild --ConnectionStrings:Kefu="Data Source=$dir/kefu.db" --Serilog:MinimumLevel:Default=Warning)
    echo "$(( $(date +%s) - rebuild_start ))" >"$dir/rebuild-seconds"
    touch "$dir/analytics-ready"
  fi

  port="$(free_port)"
  echo "==> serving $size tickets on port $port"
  (cd "$dir" && exec dotnet "$WORK/server/kefu.dll" --urls "http://127.0.0.1:$port" --ConnectionStrings:Kefu="Data Source=$dir/kefu.db" \
    --Serilog:MinimumLevel:Default=Warning --Demo:Seed=false) >"$WORK/server-$size.log" 2>&1 &
  SERVER_PID=$!
  # The first start on a seeded database migrates it (new indexes over a million rows take a while).
  ready=0
  for _ in $(seq 1 1200); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && { ready=1; break; }; sleep 1; done
  [[ "$ready" -eq 1 ]] || { echo "the server did not become ready; its log:" >&2; tail -n 40 "$WORK/server-$size.log" >&2; exit 1; }
  dotnet "$WORK/client/kefu-bench-queries.dll" --url "http://127.0.0.1:$port" --key "$(cat "$dir/key")" \
    --set "$SET" --requests "$REQUESTS" --concurrency "$CONCURRENCY" | tail -n 1 >"$WORK/result-$size.json"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  jq -r --arg size "$(fmt_int "$size")" '.shapes[] | "| \($size) | \(.shape) | \(.p50 * 10 | round / 10) | \(.p95 * 10 | round / 10) | \(.p99 * 10 | round / 10) |"' \
    "$WORK/result-$size.json" >>"$rows"
  [[ -n "${KEFU_BENCH_RESULTS:-}" ]] && cp "$WORK/result-$size.json" "$KEFU_BENCH_RESULTS/queries-$size.json"
done

worst="$(jq -s '[.[].shapes[].p95] | max' "$WORK"/result-*.json)"
verdict="met: the slowest shape's p95 is $(fmt_ms "$worst") ms"
awk -v w="$worst" -v t="$TARGET_P95" 'BEGIN { exit !(w >= t) }' && verdict="**missed**: the slowest shape's p95 is $(fmt_ms "$worst") ms"
{
  echo "Command: \`$COMMAND\` · commit $REVISION · $CPU_MODEL, $(nproc) cores, $MEM · $OS · .NET $DOTNET"
  echo
  echo "Target: every ${SET/agent/agent-facing} query p95 < $TARGET_P95 ms at 1,000,000 tickets — $verdict."
  echo "$REQUESTS requests per shape at concurrency $CONCURRENCY after a warm-up, over HTTP with a signed-in agent (cookie) or the integration key."
  echo
  echo "| tickets | shape | p50 ms | p95 ms | p99 ms |"
  echo "| ---: | --- | ---: | ---: | ---: |"
  cat "$rows"
} >"$WORK/section.md"
cat "$WORK/section.md"
if [[ "$SET" == analytics ]]; then
  [[ "$WRITE_DOC" -eq 1 ]] && write_doc_section analytics-query-results "Dashboard (analytics) queries" "$WORK/section.md"
else
  [[ "$WRITE_DOC" -eq 1 ]] && write_doc_section query-results "Agent-facing queries at 10k–1M tickets" "$WORK/section.md"
fi
exit 0
