#!/usr/bin/env bash
# The whole benchmark suite in one command: ticket intake (SQLite and PostgreSQL), live chat load, agent-facing
# queries at each data-set size, the SLA engine at 1M clocks, and the two-node scale-out run. Each bench writes its
# own section of docs/benchmarks.md; this script then draws the charts (docs/benchmarks/*.png, bench/Kefu.Bench.Chart)
# and writes the summary at the top of docs/benchmarks.md: every target, the figure measured, met or not.
#
#   bench/run-all.sh [--sizes "10000 100000 1000000"] [--cache DIR] [--chat "CONNECTIONS RATE SECONDS"]
#                    [--clocks N] [--only "intake chat queries sla two-node"] [--quick]
#
# --quick is a smoke run of every bench at small sizes (minutes, not hours; figures not comparable to targets).
# Seeded databases for the query bench are kept in --cache (default /tmp/kefu-bench-queries) and reused; seeding
# 1,000,000 tickets takes about 40 minutes on 2 cores. The full suite takes about 1.5 h with a warm cache.
# Needs what the single benches need: .NET SDK, jq, curl, sqlite3, psql + PostgreSQL 15 binaries, redis-server.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bench/run-all.sh${*:+ $*}"
SIZES="10000 100000 1000000"
CACHE=/tmp/kefu-bench-queries
CHAT="10000 2000 20"
CLOCKS=1000000
ONLY="intake chat queries sla two-node"
QUICK=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --chat) CHAT="$2"; shift 2 ;;
    --clocks) CLOCKS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ "$QUICK" == 1 ]]; then SIZES="10000"; CHAT="200 100 10"; CLOCKS=20000; fi

WORK="$(mktemp -d /tmp/kefu-bench-all.XXXXXX)"
SOURCE=worktree
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
trap 'rm -rf "$WORK"' EXIT
export KEFU_BENCH_RESULTS="$WORK/results"
mkdir -p "$KEFU_BENCH_RESULTS"
wants() { [[ " $ONLY " == *" $1 "* ]]; }
started=$(date +%s)
failed=()
step() { # name, command...
  local name="$1"; shift
  echo
  echo "################ $name ($(date -u +%H:%M:%S) UTC) ################"
  if ! "$@"; then
    echo "!! $name failed; the suite goes on, the summary marks it" >&2
    failed+=("$name")
  fi
}

wants intake && if [[ "$QUICK" == 1 ]]; then step intake "$ROOT/bench/run-intake.sh" --duration 5 --concurrency "1 16" --quiet-wait 10 --prime 3
  else step intake "$ROOT/bench/run-intake.sh"; fi
# shellcheck disable=SC2086
wants chat && step chat "$ROOT/bench/run-chat.sh" $CHAT
wants queries && step queries "$ROOT/bench/run-queries.sh" --sizes "$SIZES" --cache "$CACHE"
if wants sla; then
  if [[ "$QUICK" == 1 ]]; then step sla "$ROOT/bench/run-sla-engine.sh" --clocks "$CLOCKS" --measured 2000 --window 10 --restart-clocks 0 --quiet-wait 10
  else step sla "$ROOT/bench/run-sla-engine.sh" --clocks "$CLOCKS"; fi
fi
if wants two-node; then
  if [[ "$QUICK" == 1 ]]; then step two-node "$ROOT/bench/run-two-nodes.sh" --duration 5 --connections 100 --rate 50 --seconds 5
  else step two-node "$ROOT/bench/run-two-nodes.sh"; fi
fi

echo
echo "################ charts and summary ################"
copy_source
machine_facts
build bench/Kefu.Bench.Chart "$WORK/chart"
mkdir -p "$ROOT/docs/benchmarks"
dotnet "$WORK/chart/kefu-bench-chart.dll" "$KEFU_BENCH_RESULTS" "$ROOT/docs/benchmarks" || echo "no charts drawn (no results)" >&2

R="$KEFU_BENCH_RESULTS"
verdict() { if [[ "$1" == 1 ]]; then echo "met"; else echo "**missed**"; fi; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a != "null" && a + 0 < b + 0) }' && echo 1 || echo 0; }
{
  echo "Command: \`$COMMAND\` · commit $REVISION · $CPU_MODEL, $(nproc) cores, $MEM · $OS · .NET $DOTNET · took $(( ($(date +%s) - started) / 60 )) min"
  [[ "$QUICK" == 1 ]] && { echo; echo "**Quick smoke run at small sizes: these figures say the suite works, not whether a target is met.**"; }
  [[ ${#failed[@]} -gt 0 ]] && { echo; echo "Benches that failed in this run (their sections below are older): ${failed[*]}."; }
  echo
  echo "| figure | target (2 cores) | measured | |"
  echo "| --- | --- | --- | --- |"
  if [[ -f "$R/intake-sqlite.rows" ]]; then
    read -r c tps p99 < <(awk '{ if ($2 > best) { best = $2; l = $1 " " $2 " " $5 } } END { print l }' "$R/intake-sqlite.rows")
    ok=0; awk -v t="$tps" -v p="$p99" 'BEGIN { exit !(t >= 5000 && p < 50) }' && ok=1
    echo "| intake, embedded | ≥ 5,000 tickets/s, p99 < 50 ms | $(fmt_int "$tps")/s at concurrency $c, p99 $(fmt_ms "$p99") ms | $(verdict $ok) |"
  fi
  if [[ -f "$R/intake-postgres.rows" ]]; then
    read -r c tps p99 < <(awk '{ if ($2 > best) { best = $2; l = $1 " " $2 " " $5 } } END { print l }' "$R/intake-postgres.rows")
    echo "| intake, one node on PostgreSQL | (none) | $(fmt_int "$tps")/s at concurrency $c, p99 $(fmt_ms "$p99") ms | |"
  fi
  if [[ -f "$R/intake-two-node-pg.rows" ]]; then
    read -r c tps p99 < <(awk '{ print $1, $2, $5 }' "$R/intake-two-node-pg.rows")
    echo "| intake, two nodes on PostgreSQL | (none) | $(fmt_int "$tps")/s at concurrency $c, p99 $(fmt_ms "$p99") ms | |"
  fi
  for mode in embedded two-node; do
    f="$R/chat-$mode.json"
    [[ -f "$f" ]] || continue
    ok=0
    [[ "$(jq -r '.connections >= 10000 and .achievedPerSecond >= 2000 and (.latencyMs.p99 // 1e9) < 50' "$f")" == true ]] && ok=1
    echo "| chat, $mode | 10,000 connections, 2,000 msg/s, p99 < 50 ms | $(jq -r '"\(.connections) connections, \(.achievedPerSecond) msg/s, p99 \(.latencyMs.p99) ms, \(.failed) failed"' "$f") | $(verdict $ok) |"
  done
  largest="$(ls "$R"/queries-*.json 2>/dev/null | sed 's/.*queries-\([0-9]*\).json/\1/' | sort -n | tail -n 1)"
  if [[ -n "$largest" ]]; then
    worst="$(jq -r '[.shapes[] | {shape, p95}] | max_by(.p95) | "\(.p95) \(.shape)"' "$R/queries-$largest.json")"
    ok="$(below "${worst%% *}" 100)"; [[ "$largest" -ge 1000000 ]] || ok=0
    echo "| agent-facing queries | every p95 < 100 ms at 1,000,000 tickets | slowest at $(fmt_int "$largest") tickets: ${worst#* } p95 $(fmt_ms "${worst%% *}") ms | $(verdict "$ok") |"
  fi
  if [[ -f "$R/sla.json" ]]; then
    ok=0; [[ "$(jq -r '.measured.overOneSecond == 0 and .measured.missing == 0' "$R/sla.json")" == true && "$CLOCKS" -ge 1000000 ]] && ok=1
    echo "| SLA engine | events < 1 s late at 1M clocks | $(fmt_int "$CLOCKS") clocks: p99 $(fmt_ms "$(jq -r .measured.p99 "$R/sla.json")") ms, max $(fmt_ms "$(jq -r .measured.max "$R/sla.json")") ms late | $(verdict $ok) |"
  fi
  echo
  for chart in queries-p95 intake chat-latency sla-lateness; do
    [[ -f "$ROOT/docs/benchmarks/$chart.png" ]] && echo "![$chart](benchmarks/$chart.png)"
  done
  echo
  echo "How each figure was measured, and why a missed target is missed, is in its own section below."
} >"$WORK/summary.md"
cat "$WORK/summary.md"
write_doc_section suite-summary "Suite summary (bench/run-all.sh)" "$WORK/summary.md"
[[ ${#failed[@]} -eq 0 ]]
