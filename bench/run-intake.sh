#!/usr/bin/env bash
# Ticket-intake benchmark: POST /api/v1/tickets against a Release build of the server, on SQLite and
# on PostgreSQL, at several concurrencies; checks that every 201 the client saw is a row in the
# database, then writes the figures into docs/benchmarks.md (between the intake-results markers).
#
#   bench/run-intake.sh [--duration S] [--warmup S] [--concurrency "1 16 64"] [--providers "sqlite postgres"]
#                       [--source worktree|head] [--prime S] [--quiet-wait S] [--no-doc] [--keep]
#
# --source head measures the committed server (git archive HEAD); the default measures the working tree.
# Each fresh server first gets --prime seconds (default 10) of unrecorded load at concurrency 16, so that
# the JIT has tiered up before anything is measured. Before each run the script waits up to --quiet-wait seconds (default 180) for other processes to leave
# the CPUs idle, and it records how much CPU other processes took during each run.
# Needs: .NET SDK, jq, sqlite3, curl, PostgreSQL 15 binaries (apt-get install -y jq sqlite3 if missing).
# Only processes this script starts are stopped, by their pid.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bench/run-intake.sh${*:+ $*}"
DURATION=15
WARMUP=3
CONCURRENCY="1 16 64"
PROVIDERS="sqlite postgres"
SOURCE=worktree
WRITE_DOC=1
KEEP=0
QUIET_WAIT=180
PRIME=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --providers) PROVIDERS="$2"; shift 2 ;;
    --source) SOURCE="$2"; shift 2 ;;
    --quiet-wait) QUIET_WAIT="$2"; shift 2 ;;
    --prime) PRIME="$2"; shift 2 ;;
    --no-doc) WRITE_DOC=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$SOURCE" == worktree || "$SOURCE" == head ]] || { echo "--source is worktree or head" >&2; exit 2; }

PG_BIN=/usr/lib/postgresql/15/bin
KEY="kfk_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
for tool in dotnet jq curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
[[ " $PROVIDERS " == *" sqlite "* ]] && { command -v sqlite3 >/dev/null || { echo "missing sqlite3 (apt-get install -y sqlite3)" >&2; exit 2; }; }
[[ " $PROVIDERS " == *" postgres "* ]] && { [[ -x "$PG_BIN/pg_ctl" ]] || { echo "missing PostgreSQL 15 in $PG_BIN" >&2; exit 2; }; }

WORK="$(mktemp -d /tmp/kefu-bench.XXXXXX)"
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
chmod 755 "$WORK"
SERVER_PID=""
PG_DATA=""

as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ "$KEEP" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT


copy_source
echo "== building server and load client (Release) from the $SOURCE at $REVISION"
build src/Kefu.Server "$WORK/server"
build bench/Kefu.Bench.Load "$WORK/client"

# --- machine --------------------------------------------------------------------------------------------
machine_facts
PG_VERSION="$("$PG_BIN/postgres" --version 2>/dev/null | awk '{ print $3 }' || echo '?')"



# Waits (up to --quiet-wait seconds) until processes other than ours use under 0.25 cores.
wait_quiet() { # our pids...
  local deadline=$((SECONDS + QUIET_WAIT)) b0 t0 b1 t1 ours0 ours1 other
  while :; do
    read -r b0 t0 < <(machine_jiffies); ours0="$(cpu_seconds "$@")"
    sleep 2
    read -r b1 t1 < <(machine_jiffies); ours1="$(cpu_seconds "$@")"
    other="$(awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" -v n="$(nproc)" -v o="$(awk -v a="$ours0" -v b="$ours1" 'BEGIN { print b - a }')" \
      'BEGIN { x = b / t * n - o / 2; printf "%.2f", x < 0 ? 0 : x }')"
    if awk -v x="$other" 'BEGIN { exit !(x < 0.25) }'; then return 0; fi
    if [[ $SECONDS -ge $deadline ]]; then
      echo "   other processes still use $other cores; measuring anyway (see the 'other' CPU column)" >&2
      return 0
    fi
    echo "   other processes use $other cores; waiting for a quiet machine" >&2
    sleep 8
  done
}

db_pids() {
  [[ -n "$PG_DATA" ]] || return 0
  local postmaster
  postmaster="$(head -n 1 "$PG_DATA/postmaster.pid")"
  echo "$postmaster" $(pgrep -P "$postmaster" || true)
}

start_server() { # provider, port, log
  (cd "$WORK" && exec env "${SERVER_ENV[@]}" dotnet "$WORK/server/kefu.dll" --urls "http://127.0.0.1:$2" >"$3" 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$2/readyz" 2>/dev/null; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "server did not become ready; its log:" >&2
  tail -n 40 "$3" >&2
  exit 1
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

# Runs the client at each concurrency; appends one line per run to $WORK/<provider>.rows:
# concurrency tps p50 p90 p99 max created_total rows_added failures server_cpu client_cpu db_cpu wall machine_cpu
# (CPU figures in seconds over the client's whole run, warm-up included)
run_provider() { # provider, count-command...
  local provider="$1"; shift
  if [[ "$PRIME" -gt 0 ]]; then
    echo "-- $provider, priming the server for $PRIME s (not recorded)"
    dotnet "$WORK/client/kefu-bench-load.dll" --url "http://127.0.0.1:$SERVER_PORT" --key "$KEY" \
      --concurrency 16 --duration "$PRIME" --warmup 0 --tag "$provider-prime" >"$WORK/prime-$provider.log" 2>&1 \
      || { cat "$WORK/prime-$provider.log" >&2; exit 1; }
  fi
  local port="$SERVER_PORT" before after json wall_start wall server_cpu0 db_cpu0 server_cpu db_cpu
  local machine_busy0 machine_total0 machine_busy1 machine_total1 machine_cpu
  before="$("$@")"
  local base="$before" total_created=0
  for c in $CONCURRENCY; do
    echo "-- $provider, concurrency $c"
    wait_quiet "$SERVER_PID" $(db_pids)
    read -r machine_busy0 machine_total0 < <(machine_jiffies)
    server_cpu0="$(cpu_seconds "$SERVER_PID")"
    db_cpu0="$(cpu_seconds $(db_pids))"
    wall_start="$(date +%s.%N)"
    dotnet "$WORK/client/kefu-bench-load.dll" --url "http://127.0.0.1:$port" --key "$KEY" \
      --concurrency "$c" --duration "$DURATION" --warmup "$WARMUP" --tag "$provider-c$c-$RANDOM" >"$WORK/run.out" || true
    grep -v '^{' "$WORK/run.out" >&2 || true
    json="$(tail -n 1 "$WORK/run.out")"
    wall="$(awk -v s="$wall_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')"
    server_cpu="$(awk -v a="$server_cpu0" -v b="$(cpu_seconds "$SERVER_PID")" 'BEGIN { printf "%.2f", b - a }')"
    db_cpu="$(awk -v a="$db_cpu0" -v b="$(cpu_seconds $(db_pids))" 'BEGIN { printf "%.2f", b - a }')"
    read -r machine_busy1 machine_total1 < <(machine_jiffies)
    machine_cpu="$(awk -v b="$((machine_busy1 - machine_busy0))" -v t="$((machine_total1 - machine_total0))" -v n="$(nproc)" -v w="$wall" \
      'BEGIN { printf "%.2f", b / t * n * w }')"
    jq -e .createdTotal >/dev/null 2>&1 <<<"$json" || { echo "the client printed no result" >&2; exit 1; }
    after="$("$@")"
    jq -r --arg rows "$((after - before))" --arg scpu "$server_cpu" --arg dcpu "$db_cpu" --arg wall "$wall" --arg mcpu "$machine_cpu" \
      '[.concurrency, .ticketsPerSecond, .latencyMs.p50, .latencyMs.p90, .latencyMs.p99, .latencyMs.max, .createdTotal, ($rows | tonumber),
        (if .failed == 0 then "none" else (.failures | to_entries | map("\(.key): \(.value)") | join(", ")) end | gsub(" "; "_")),
        ($scpu | tonumber), .clientCpuSeconds, ($dcpu | tonumber), ($wall | tonumber), ($mcpu | tonumber)] | map(tostring) | join(" ")' \
      <<<"$json" >>"$WORK/$provider.rows"
    total_created=$((total_created + $(jq .createdTotal <<<"$json")))
    before="$after"
  done
  FINAL_CREATED="$total_created"
  FINAL_BASE="$base"
}

# --- SQLite ------------------------------------------------------------------------------------------------
# Demo__Tickets=1, not 0: the seeder (at 0bf17a2) fails on an empty batch (TicketNumbers.ReserveAsync(count: 0)).
# Rows are counted before and after each run, so the seeded ticket does not disturb the check.
COMMON_ENV=(ASPNETCORE_ENVIRONMENT=Production Demo__Seed=true Demo__Tickets=1 "Demo__IntegrationKey=$KEY"
  RateLimits__Intake__Keys__demo=0 RateLimits__Intake__PerAddressPerMinute=0
  Serilog__MinimumLevel__Default=Warning DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1)

if [[ " $PROVIDERS " == *" sqlite "* ]]; then
  echo "== SQLite"
  DB="$WORK/sqlite/kefu.db"
  mkdir -p "$WORK/sqlite"
  SERVER_ENV=("${COMMON_ENV[@]}" Database__Provider=sqlite "ConnectionStrings__Kefu=Data Source=$DB")
  SERVER_PORT="$(free_port)"
  start_server sqlite "$SERVER_PORT" "$WORK/server-sqlite.log"
  sqlite_count() { sqlite3 "$DB" 'SELECT count(*) FROM "Tickets";'; }
  run_provider sqlite sqlite_count
  stop_server
  SQLITE_FINAL_ROWS="$(( $(sqlite_count) - FINAL_BASE ))"
  SQLITE_FINAL_CREATED="$FINAL_CREATED"
  echo "SQLite: $SQLITE_FINAL_ROWS new rows in Tickets after shutdown, client saw $SQLITE_FINAL_CREATED x 201"
fi

# --- PostgreSQL ----------------------------------------------------------------------------------------------
if [[ " $PROVIDERS " == *" postgres "* ]]; then
  echo "== PostgreSQL $PG_VERSION"
  mkdir -p "$WORK/pg"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$WORK/pg"
  PG_DATA="$WORK/pg/data"
  PG_PORT="$(free_port)"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA" start >/dev/null
  psql_q() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -At "$@"; }
  psql_q -d postgres -c 'CREATE DATABASE kefu_bench' >/dev/null
  SERVER_ENV=("${COMMON_ENV[@]}" Database__Provider=postgres
    "ConnectionStrings__Kefu=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=kefu_bench")
  (cd "$WORK" && env "${SERVER_ENV[@]}" dotnet "$WORK/server/kefu.dll" migrate) >"$WORK/migrate.log" 2>&1 \
    || { cat "$WORK/migrate.log" >&2; exit 1; }
  SERVER_PORT="$(free_port)"
  start_server postgres "$SERVER_PORT" "$WORK/server-postgres.log"
  pg_count() { psql_q -d kefu_bench -c 'SELECT count(*) FROM "Tickets"'; }
  run_provider postgres pg_count
  stop_server
  POSTGRES_FINAL_ROWS="$(( $(pg_count) - FINAL_BASE ))"
  POSTGRES_FINAL_CREATED="$FINAL_CREATED"
  echo "PostgreSQL: $POSTGRES_FINAL_ROWS new rows in Tickets after shutdown, client saw $POSTGRES_FINAL_CREATED x 201"
fi

# --- report --------------------------------------------------------------------------------------------------
if [[ -n "${KEFU_BENCH_RESULTS:-}" ]]; then
  for provider in sqlite postgres; do [[ -f "$WORK/$provider.rows" ]] && cp "$WORK/$provider.rows" "$KEFU_BENCH_RESULTS/intake-$provider.rows"; done
fi
TARGET_TPS=5000
TARGET_P99=50

table() { # provider
  echo "| Concurrency | Tickets/s | p50 ms | p90 ms | p99 ms | max ms | 201s (incl. warm-up) | New rows in DB | Match | Errors | CPU cores: server / client / db / other |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---|---|"
  while read -r c tps p50 p90 p99 max created rows failures scpu ccpu dcpu wall mcpu; do
    local match=no; [[ "$created" == "$rows" ]] && match=yes
    local cores
    cores="$(awk -v s="$scpu" -v c="$ccpu" -v d="$dcpu" -v w="$wall" -v m="$mcpu" -v p="$1" \
      'BEGIN { o = (m - s - c - d) / w; if (o < 0) o = 0; if (p == "postgres") printf "%.2f / %.2f / %.2f / %.2f", s / w, c / w, d / w, o; else printf "%.2f / %.2f / – / %.2f", s / w, c / w, o }')"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
      "$c" "$(fmt_int "$tps")" "$(fmt_ms "$p50")" "$(fmt_ms "$p90")" "$(fmt_ms "$p99")" "$(fmt_ms "$max")" \
      "$(fmt_int "$created")" "$(fmt_int "$rows")" "$match" "${failures//_/ }" "$cores"
  done <"$WORK/$1.rows"
}

verdict() { # provider
  local line c tps p99
  line="$(awk '{ if ($1 > best) { best = $1; l = $0 } } END { print l }' "$WORK/$1.rows")"
  read -r c tps _ _ p99 _ <<<"$line"
  if awk -v t="$tps" -v p="$p99" -v tt="$TARGET_TPS" -v tp="$TARGET_P99" 'BEGIN { exit !(t >= tt && p < tp) }'; then
    echo "Target **met** at concurrency $c: $(fmt_int "$tps") tickets/s, p99 $(fmt_ms "$p99") ms (target ≥ $(fmt_int $TARGET_TPS)/s with p99 < $TARGET_P99 ms)."
  else
    local why=()
    awk -v t="$tps" -v tt="$TARGET_TPS" 'BEGIN { exit !(t < tt) }' && why+=("throughput $(fmt_int "$tps")/s is below $(fmt_int $TARGET_TPS)/s")
    awk -v p="$p99" -v tp="$TARGET_P99" 'BEGIN { exit !(p >= tp) }' && why+=("p99 $(fmt_ms "$p99") ms is not below $TARGET_P99 ms")
    local joined; joined="$(printf '%s; ' "${why[@]}")"
    echo "Target **missed** at concurrency $c: ${joined%; } (target ≥ $(fmt_int $TARGET_TPS) tickets/s with p99 < $TARGET_P99 ms)."
  fi
}

final_check() { # rows created
  if [[ "$1" == "$2" ]]; then echo "yes ($(fmt_int "$1") new rows = $(fmt_int "$2") × 201)"; else echo "**NO** ($(fmt_int "$1") new rows, $(fmt_int "$2") × 201)"; fi
}

RESULTS="$WORK/results.md"
{
  echo "### Latest run"
  echo
  echo "- Command: \`$COMMAND\` (each concurrency: ${WARMUP} s warm-up, then ${DURATION} s measured; a closed loop, each client worker sends its next request when the previous one is answered)"
  echo "- Server: \`$REVISION\`, Release build, \`ASPNETCORE_ENVIRONMENT=Production\`, log level Warning, .NET SDK $DOTNET"
  echo "- Machine: $(nproc) cores ($CPU_MODEL), $MEM RAM, $OS. **The load client, the server and PostgreSQL share these cores**; the CPU column shows who used them (cores busy on average over warm-up plus measurement; 'other' is every other process on the machine)."
  echo "- Databases: a fresh SQLite file (WAL, \`synchronous=FULL\`) and a fresh PostgreSQL $PG_VERSION cluster with default settings (\`fsync=on\`, \`synchronous_commit=on\`) on the same local disk."
  echo "- Rows: new rows in \`Tickets\` counted after each run and again after the server stopped; they must equal the 201 answers the client received, warm-up included."
  for provider in $PROVIDERS; do
    echo
    if [[ "$provider" == sqlite ]]; then
      echo "#### SQLite"
      echo
      table sqlite
      echo
      echo "After shutdown: every 201 is a row: $(final_check "$SQLITE_FINAL_ROWS" "$SQLITE_FINAL_CREATED"). $(verdict sqlite)"
    else
      echo "#### PostgreSQL"
      echo
      table postgres
      echo
      echo "After shutdown: every 201 is a row: $(final_check "$POSTGRES_FINAL_ROWS" "$POSTGRES_FINAL_CREATED"). $(verdict postgres)"
    fi
  done
} >"$RESULTS"

echo
echo "================ summary ================"
cat "$RESULTS"

[[ "$WRITE_DOC" == 1 ]] && write_doc_section intake-results "Ticket intake" "$RESULTS"
exit 0
