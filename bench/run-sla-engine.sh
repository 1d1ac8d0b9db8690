#!/usr/bin/env bash
# SLA clock engine benchmark: a Release build of the server on a SQLite database holding N open tickets with one
# running clock each; a measured slice of them falls due evenly over a window of the run. The script samples the
# server's memory every second, waits until every measured event has fired, then reads the timeline (AuditEvents)
# back: fired vs expected, clocks fired twice, lateness percentiles. Then the restart case: the server is stopped
# while a second slice falls due and started again; those events fire at start-up. Figures go into
# docs/benchmarks.md between the sla-engine-results markers.
#
#   bench/run-sla-engine.sh [--clocks N] [--measured N] [--window S] [--window-lead S] [--restart-clocks N]
#                           [--down S] [--quiet-wait S] [--source worktree|head] [--no-doc] [--keep]
#
# --clocks (default 1000000) open clocks in all; --measured (30000) of them due evenly over --window (60) seconds
# that start about --window-lead (20) seconds after the server is ready; --restart-clocks (5000, 0 to skip) due
# over 20 s, of which the first --down (10) seconds pass with the server stopped. Before serving, the script waits
# up to --quiet-wait (180) seconds for other processes to leave the cores idle, and records what they used.
# Needs: .NET SDK, jq, sqlite3, curl. Only processes this script starts are stopped, by their pid.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bench/run-sla-engine.sh${*:+ $*}"
CLOCKS=1000000
MEASURED=30000
WINDOW=60
LEAD=20
RESTART_CLOCKS=5000
RESTART_SPAN=20
RESTART_GAP=15
DOWN=10
QUIET_WAIT=180
SOURCE=worktree
WRITE_DOC=1
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --clocks) CLOCKS="$2"; shift 2 ;;
    --measured) MEASURED="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --window-lead) LEAD="$2"; shift 2 ;;
    --restart-clocks) RESTART_CLOCKS="$2"; shift 2 ;;
    --down) DOWN="$2"; shift 2 ;;
    --quiet-wait) QUIET_WAIT="$2"; shift 2 ;;
    --source) SOURCE="$2"; shift 2 ;;
    --no-doc) WRITE_DOC=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$SOURCE" == worktree || "$SOURCE" == head ]] || { echo "--source is worktree or head" >&2; exit 2; }
[[ "$DOWN" -lt "$RESTART_SPAN" ]] || { echo "--down must be shorter than the restart slice ($RESTART_SPAN s)" >&2; exit 2; }
for tool in dotnet jq curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y jq sqlite3 curl)" >&2; exit 2; }
done

WORK="$(mktemp -d /tmp/kefu-sla-bench.XXXXXX)"
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
SERVER_PID=""
SAMPLER_PID=""

stop_sampler() {
  if [[ -n "$SAMPLER_PID" ]]; then
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=""
  fi
}

cleanup() {
  stop_sampler
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "$KEEP" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT


now() { date +%s.%N; }
epoch() { date -d "$1" +%s.%N; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S.%3NZ; }
sleep_until() { sleep "$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; printf "%.3f", (d > 0 ? d : 0) }')"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }

copy_source
echo "== building the server and the clock loader (Release) from the $SOURCE at $REVISION"
build src/Kefu.Server "$WORK/server"
build bench/Kefu.Bench.SlaClocks "$WORK/tool"
machine_facts

# --- database: the demo workspace, then the clocks ------------------------------------------------------
DB="$WORK/sqlite/kefu.db"
mkdir -p "$WORK/sqlite"
SERVER_ARGS=(--Database:Provider=sqlite "--ConnectionStrings:Kefu=Data Source=$DB")
SERVER_ENV=(ASPNETCORE_ENVIRONMENT=Production Serilog__MinimumLevel__Default=Warning DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1)
echo "== seeding the demo workspace"
# --tickets 1, not 0: the seeder fails on an empty batch (TicketNumbers.ReserveAsync(count: 0)).
(cd "$WORK" && env "${SERVER_ENV[@]}" dotnet "$WORK/server/kefu.dll" seed-demo --tickets 1 "${SERVER_ARGS[@]}") >"$WORK/seed.log" 2>&1 \
  || { tail -n 30 "$WORK/seed.log" >&2; exit 1; }

echo "== loading $CLOCKS clocks"
MANIFEST="$WORK/manifest.json"
dotnet "$WORK/tool/kefu-bench-sla-clocks.dll" load --db "$DB" --manifest "$MANIFEST" --clocks "$CLOCKS" --measured "$MEASURED" \
  --restart-clocks "$RESTART_CLOCKS"
DB_SIZE="$(du -m "$DB" | cut -f1)"
M_FIRST="$(jq -r .measured.firstNumber "$MANIFEST")"
R_FIRST="$(jq -r .restart.firstNumber "$MANIFEST")"

# --- server ---------------------------------------------------------------------------------------------


# One line a second: time, run label, VmRSS kB, VmHWM kB, CPU seconds so far, machine busy and total jiffies.
sample() { # pid label
  while kill -0 "$1" 2>/dev/null; do
    awk -v t="$(now)" -v l="$2" -v c="$(cpu_seconds "$1")" -v m="$(machine_jiffies)" \
      '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { if (r) print t, l, r, h, c, m }' "/proc/$1/status" 2>/dev/null >>"$WORK/rss.log" || true
    sleep 1
  done
}

start_server() { # label
  local port log="$WORK/server-$1.log"
  port="$(free_port)"
  (cd "$WORK" && exec env "${SERVER_ENV[@]}" dotnet "$WORK/server/kefu.dll" --urls "http://127.0.0.1:$port" "${SERVER_ARGS[@]}") >"$log" 2>&1 &
  SERVER_PID=$!
  STARTED_AT="$(now)"
  sample "$SERVER_PID" "$1" &
  SAMPLER_PID=$!
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then READY_AT="$(now)"; return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.25
  done
  echo "server did not become ready; its log:" >&2
  tail -n 40 "$log" >&2
  exit 1
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
  stop_sampler
}

fired() { # first number, count
  sqlite3 -cmd '.timeout 5000' "$DB" "SELECT count(*) FROM AuditEvents a JOIN Tickets t ON t.Id = a.TicketId
    WHERE a.Kind IN ('sla.warning', 'sla.breached') AND t.Number >= $1 AND t.Number < $(($1 + $2))"
}

wait_fired() { # first number, count, deadline (epoch)
  local n
  while :; do
    n="$(fired "$1" "$2")"
    [[ "$n" -ge "$2" ]] && return 0
    if awk -v d="$3" -v n="$(now)" 'BEGIN { exit !(n > d) }'; then
      echo "   timed out with $n of $2 events fired" >&2
      return 0
    fi
    sleep 2
  done
}

# Waits (up to --quiet-wait seconds) until the machine is nearly idle: the cores are shared with other work.
wait_quiet() {
  local deadline=$((SECONDS + QUIET_WAIT)) b0 t0 b1 t1 busy
  while :; do
    read -r b0 t0 < <(machine_jiffies); sleep 3; read -r b1 t1 < <(machine_jiffies)
    busy="$(awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" -v n="$(nproc)" 'BEGIN { printf "%.2f", b / t * n }')"
    awk -v x="$busy" 'BEGIN { exit !(x < 0.3) }' && return 0
    if [[ $SECONDS -ge $deadline ]]; then echo "   other processes still use $busy cores; measuring anyway" >&2; return 0; fi
    echo "   other processes use $busy cores; waiting for a quiet machine" >&2
    sleep 7
  done
}

wait_quiet
echo "== serving"
start_server first
FIRST_READY_AT="$READY_AT"
FIRST_READY="$(minus "$READY_AT" "$STARTED_AT")"
# The timed slices are written now, so that the window opens a known time after the server is ready; the
# engine finds them with its next scan, as it finds clocks another node started.
dotnet "$WORK/tool/kefu-bench-sla-clocks.dll" schedule --db "$DB" --manifest "$MANIFEST" \
  --window "$WINDOW" --window-lead "$LEAD" --restart-gap "$RESTART_GAP" --restart-span "$RESTART_SPAN"
M_FROM="$(epoch "$(jq -r .measured.from "$MANIFEST")")"
M_TO="$(epoch "$(jq -r .measured.to "$MANIFEST")")"
R_FROM="$(epoch "$(jq -r .restart.from "$MANIFEST")")"
LEAD_ACTUAL="$(minus "$M_FROM" "$READY_AT")"
echo "   ready after $FIRST_READY s; the measured window opens at $(iso "$M_FROM"), $LEAD_ACTUAL s after that"

# The engine's one query, timed by sqlite3 on the loaded database, for the events due in the first 5 s of the window.
SCAN_SQL="SELECT Id, NextEventAt FROM TicketClocks WHERE NextEventAt IS NOT NULL AND NextEventAt <= $(awk -v t="$M_FROM" 'BEGIN { printf "%.0f", (t + 5) * 10000000 + 621355968000000000 }') ORDER BY NextEventAt LIMIT 20000"
SCAN_PLAN="$(sqlite3 "$DB" "EXPLAIN QUERY PLAN $SCAN_SQL" | grep -o 'SEARCH.*' | head -n 1)"
SCAN_MS="$(printf '.timer on\n%s;\n%s;\n' "$SCAN_SQL" "$SCAN_SQL" | sqlite3 "$DB" 2>&1 | grep -o 'Run Time: real [0-9.]*' | tail -n 1 | awk '{ printf "%.1f", $4 * 1000 }')"
SCAN_ROWS="$(sqlite3 "$DB" "SELECT count(*) FROM ($SCAN_SQL)")"
wait_fired "$M_FIRST" "$MEASURED" "$(awk -v t="$M_TO" 'BEGIN { printf "%.3f", t + 120 }')"
ALL_MEASURED_AT="$(now)"
echo "   measured slice: $(fired "$M_FIRST" "$MEASURED") of $MEASURED events fired, the last $(minus "$ALL_MEASURED_AT" "$M_TO") s after the window closed (polled every 2 s)"

BACK_AT=""
if [[ "$RESTART_CLOCKS" -gt 0 ]]; then
  # Stopped just before the first restart event is due, started again DOWN seconds later.
  sleep_until "$(awk -v t="$R_FROM" 'BEGIN { printf "%.3f", t - 0.5 }')"
  STOP_AT="$(now)"
  stop_server
  STOPPED_AT="$(now)"
  echo "== restart case: server stopped at $(iso "$STOP_AT") (shutdown took $(minus "$STOPPED_AT" "$STOP_AT") s)"
  sleep_until "$(awk -v t="$R_FROM" -v d="$DOWN" 'BEGIN { printf "%.3f", t + d }')"
  start_server restart
  BACK_AT="$READY_AT"
  SECOND_READY="$(minus "$READY_AT" "$STARTED_AT")"
  echo "   started again at $(iso "$STARTED_AT"), ready after $SECOND_READY s"
  wait_fired "$R_FIRST" "$RESTART_CLOCKS" "$(awk -v t="$R_FROM" -v s="$RESTART_SPAN" 'BEGIN { printf "%.3f", t + s + 120 }')"
fi
LOAD_AVG="$(cut -d' ' -f1-3 /proc/loadavg)"
stop_server

REPORT="$(dotnet "$WORK/tool/kefu-bench-sla-clocks.dll" report --db "$DB" --manifest "$MANIFEST" ${BACK_AT:+--back-at "$(iso "$BACK_AT")"})"
echo "$REPORT" | jq .
[[ -n "${KEFU_BENCH_RESULTS:-}" ]] && echo "$REPORT" >"$KEFU_BENCH_RESULTS/sla.json"

# Memory: peak over the whole first run, and the largest RSS seen before the window, during it, and in the restart run.
rss_max() { # label from to
  awk -v l="$1" -v a="$2" -v b="$3" '$2 == l && $1 >= a && $1 <= b && $3 > m { m = $3 } END { printf "%.0f", m / 1024 }' "$WORK/rss.log"
}
hwm() { awk -v l="$1" '$2 == l && $4 > m { m = $4 } END { printf "%.0f", m / 1024 }' "$WORK/rss.log"; }
cpu_between() { # label from to: cores used on average by the server, and by every other process on the machine
  awk -v l="$1" -v a="$2" -v b="$3" -v n="$(nproc)" '$2 == l && $1 >= a && $1 <= b { if (!st) { s = $5; st = $1; mb = $6; mt = $7 } e = $5; et = $1; me = $6; mte = $7 }
    END { if (et > st && mte > mt) { c = (e - s) / (et - st); o = (me - mb) / (mte - mt) * n - c; printf "%.2f %.2f\n", c, (o < 0 ? 0 : o) } else print "? ?" }' "$WORK/rss.log"
}
RSS_IDLE="$(rss_max first "$FIRST_READY_AT" "$M_FROM")"
RSS_WINDOW="$(rss_max first "$M_FROM" "$ALL_MEASURED_AT")"
HWM_FIRST="$(hwm first)"
read -r CPU_WINDOW OTHER_WINDOW < <(cpu_between first "$M_FROM" "$ALL_MEASURED_AT")
read -r CPU_IDLE OTHER_IDLE < <(cpu_between first "$(awk -v t="$M_FROM" 'BEGIN { printf "%.3f", t - 12 }')" "$M_FROM")
HWM_RESTART=""
[[ "$RESTART_CLOCKS" -gt 0 ]] && HWM_RESTART="$(hwm restart)"

# --- report ---------------------------------------------------------------------------------------------
j() { jq -r "$1" <<<"$REPORT"; }
row() { # label, json path of a lateness object
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(fmt_int "$(j "$2.events")")" \
    "$(fmt_ms "$(j "$2.p50")")" "$(fmt_ms "$(j "$2.p90")")" "$(fmt_ms "$(j "$2.p99")")" "$(fmt_ms "$(j "$2.max")")" "$(fmt_int "$(j "$2.overOneSecond")")"
}
check() { # json path of a slice
  echo "$(fmt_int "$(j "$1.clocksFired")") of $(fmt_int "$(j "$1.expected")") clocks fired ($(j "$1.warnings") warnings, $(j "$1.breaches") breaches); fired twice: $(j "$1.firedTwice"); fired for a wrong due time: $(j "$1.wrongDueTime")"
}

MEASURED_OK=0
[[ "$(j .measured.missing)" == 0 && "$(j .measured.firedTwice)" == 0 && "$(j .measured.wrongDueTime)" == 0 && "$(j .measured.overOneSecond)" == 0 ]] && MEASURED_OK=1

RESULTS="$WORK/results.md"
{
  echo "### Latest run"
  echo
  echo "- Command: \`$COMMAND\`"
  echo "- Server: \`$REVISION\`, Release build, \`ASPNETCORE_ENVIRONMENT=Production\`, log level Warning, .NET SDK $DOTNET, SQLite (WAL, \`synchronous=FULL\`), database file $(fmt_int "$DB_SIZE") MB after loading"
  echo "- Machine: $(nproc) cores ($CPU_MODEL), $MEM RAM, $OS; shared with other work"
  echo "- Clocks: $(fmt_int "$CLOCKS") open tickets with one running clock each on the 24x7 calendar, loaded in $(jq -r '.loadSeconds | floor' "$MANIFEST") s ($(fmt_int "$(jq -r .farClocksPerSecond "$MANIFEST")") clocks/s); $(fmt_int "$((CLOCKS - MEASURED - RESTART_CLOCKS))") of them fall due between 1 h and 30 days after loading, $(fmt_int "$MEASURED") (the measured slice) evenly over ${WINDOW} s that began $LEAD_ACTUAL s after the server was ready (ready $FIRST_READY s after start)$([[ "$RESTART_CLOCKS" -gt 0 ]] && echo ", $(fmt_int "$RESTART_CLOCKS") over ${RESTART_SPAN} s for the restart case")"
  echo "- The engine's scan query on this database: \`$SCAN_PLAN\`, $(fmt_int "$SCAN_ROWS") rows due in the next 5 s read in $SCAN_MS ms (sqlite3, warm cache)"
  echo
  echo "| Events | Fired | p50 ms late | p90 ms | p99 ms | max ms | ≥ 1 s late |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  row "Measured slice, server running" .measured
  if [[ -n "$BACK_AT" ]]; then
    row "Restart case: due while the server was down or starting" .restartDueWhileDown
    row "Restart case: due after it was ready again" .restartDueAfterwards
  fi
  echo
  echo "- Measured slice: $(check .measured). Every event fired less than 1 s after its due time: $([[ "$MEASURED_OK" == 1 ]] && echo '**yes**' || echo '**no**')."
  echo "- Memory (RSS): $(fmt_int "$RSS_IDLE") MB before the window opened, at most $(fmt_int "$RSS_WINDOW") MB while the slice fired; peak (VmHWM) $(fmt_int "$HWM_FIRST") MB$([[ -n "$HWM_RESTART" ]] && echo "; $(fmt_int "$HWM_RESTART") MB peak in the restarted server"). CPU (cores, on average): the server used $CPU_IDLE before the window and $CPU_WINDOW from its opening until the last measured event fired; other processes on the machine used $OTHER_IDLE and $OTHER_WINDOW (load average $LOAD_AVG at the end)."
  if [[ -n "$BACK_AT" ]]; then
    echo "- Restart case: $(check .restart). The server was stopped $(minus "$R_FROM" "$STOP_AT") s before the first event of the slice was due, was down $(minus "$STARTED_AT" "$STOPPED_AT") s and took $SECOND_READY s to be ready again; events due meanwhile fire at start-up, so they are as late as the downtime, not under 1 s."
  fi
  echo "- Lateness is the engine's own record (\`lateMs\` = \`firedAt\` − \`dueAt\` in each event's timeline data; \`firedAt\` is taken inside the write, which commits in the same group-commit batch). Unexpected SLA events on other tickets: $(j .unexpected). Escalations recorded: $(fmt_int "$(j .escalations)"), supervisor notifications: $(fmt_int "$(j .notifications)")."
} >"$RESULTS"

echo
echo "================ summary ================"
cat "$RESULTS"

[[ "$WRITE_DOC" == 1 ]] && write_doc_section sla-engine-results "SLA clock engine" "$RESULTS"
exit 0
