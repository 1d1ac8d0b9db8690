#!/usr/bin/env bash
# Runs every Kefu test against real SQLite and a real PostgreSQL started here on loopback.
# Installs what is missing (apt), retries NuGet restores (the mirror fills in lazily),
# and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
root="$PWD"

log() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
need_apt() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq || true; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- PostgreSQL -------------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  log "Installing PostgreSQL"
  need_apt postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

work=$(mktemp -d /tmp/kefu-test.XXXXXX)
chmod 755 "$work"
pg_data="$work/pg"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$work"; fi

cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log "Starting PostgreSQL on 127.0.0.1:$pg_port"
run_pg "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -w -l "$pg_data/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c max_connections=300 -c fsync=on" start >/dev/null \
  || { cat "$pg_data/server.log"; echo "0 passed, 1 failed"; exit 1; }
export KEFU_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=20"

# --- Mail servers (email channel tests) --------------------------------------
# The email tests start their own exim (SMTP) and dovecot (IMAP) on free loopback ports with configs in a
# temp dir; here they only get installed. In CI (CI=true) a server that cannot start fails those tests.
if [ ! -x /usr/sbin/exim4 ] || [ ! -x /usr/sbin/dovecot ]; then
  log "Installing exim4 and dovecot for the email tests"
  need_apt exim4-daemon-light dovecot-imapd || echo "exim4/dovecot could not be installed; the email tests will say why"
fi
export KEFU_TEST_EXIM=/usr/sbin/exim4 KEFU_TEST_DOVECOT=/usr/sbin/dovecot

# --- Redis (the SignalR backplane of the two-node chat test) ------------------
if ! command -v redis-server >/dev/null; then
  log "Installing redis-server for the scale-out tests"
  need_apt redis-server || echo "redis-server could not be installed; the two-node chat test will say why"
fi
if command -v redis-server >/dev/null; then
  redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 56379)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$work/redis.pid" --logfile "$work/redis.log" && export KEFU_TEST_REDIS="127.0.0.1:$redis_port"
fi

# --- Browser tests (tests/Kefu.Web.Tests) -----------------------------------
# Debian's chromium drives the Playwright tests (never `playwright install`); a CJK font makes the
# screenshots readable. Without chromium those tests fail under CI=true and skip elsewhere.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi wqy; then
  log "Installing chromium and a CJK font for the browser tests"
  need_apt chromium fonts-wqy-microhei || echo "could not install chromium; browser tests will fail under CI"
fi

# --- Restore and build ------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "Restoring NuGet packages"
restored=0
for attempt in 1 2 3 4; do
  if dotnet restore Kefu.slnx; then restored=1; break; fi
  echo "Restore attempt $attempt failed; the package mirror fills in lazily, retrying in $((attempt * 45)) s"
  sleep $((attempt * 45))
done
[ "$restored" -eq 1 ] || { echo "0 passed, 1 failed"; exit 1; }

log "Building"
dotnet build Kefu.slnx --no-restore -c Debug -v quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }

# --- Test -------------------------------------------------------------------
results="$work/results"
status=0
crashed=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  log "Testing $name"
  dotnet test "$project" --no-build --no-restore -c Debug \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" || status=1
  # A test host that crashed writes no results: count it as a failure rather than as nothing.
  [ -f "$results/$name.trx" ] || { echo "$name wrote no results"; crashed=$((crashed + 1)); status=1; }
done

summary=$(python3 - "$results" "$crashed" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = skipped = 0
failed = int(sys.argv[2])
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
if [ -z "$summary" ]; then summary="0 passed, 1 failed"; status=1; fi
case "$summary" in 0\ passed*) status=1 ;; esac
echo
echo "$summary"
exit $status
