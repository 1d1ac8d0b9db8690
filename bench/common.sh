# Shared by the bench/run-*.sh scripts (sourced, not run). Expects ROOT, WORK and SOURCE (worktree|head) to be set.

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -Hltn "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}

# Copies the source to $WORK/tree, so a concurrent edit or build in the repo cannot interfere; sets REVISION.
# --source head takes the committed tree but the working tree's bench/, so a new bench can measure old code.
copy_source() {
  local commit dirty
  commit="$(git -C "$ROOT" rev-parse --short HEAD)"
  mkdir -p "$WORK/tree"
  REVISION="$commit"
  if [[ "$SOURCE" == head ]]; then
    git -C "$ROOT" archive HEAD | tar -x -C "$WORK/tree"
    rm -rf "$WORK/tree/bench"
    (cd "$ROOT" && git ls-files -z -co --exclude-standard -- bench | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -x -C "$WORK/tree"
  else
    (cd "$ROOT" && git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -x -C "$WORK/tree"
    dirty="$(git -C "$ROOT" status --porcelain -- src | wc -l)"
    [[ "$dirty" -gt 0 ]] && REVISION="$commit + uncommitted changes to $dirty file(s) in src/"
  fi
  return 0
}

build() { # project directory in the tree, output directory
  local tries=0
  until dotnet publish "$WORK/tree/$1" -c Release -o "$2" -nologo -v quiet >"$WORK/build.log" 2>&1; do
    tries=$((tries + 1))
    # NuGet here fills in lazily: a first restore can fail and succeed minutes later.
    [[ $tries -lt 3 ]] || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
    echo "   build failed, retrying in 60 s" >&2; sleep 60
  done
}

# Sets CPU_MODEL, MEM, OS, DOTNET and CLK_TCK.
machine_facts() {
  CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  MEM="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  OS="$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  DOTNET="$(dotnet --version)"
  CLK_TCK="$(getconf CLK_TCK)"
}

# CPU seconds (user + system) used so far by the given processes.
cpu_seconds() {
  local total=0 pid stat
  for pid in "$@"; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    stat="${stat##*) }"
    read -r -a f <<<"$stat"
    total=$((total + f[11] + f[12]))
  done
  awk -v t="$total" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }'
}

# Busy and total jiffies of the whole machine, from /proc/stat.
machine_jiffies() {
  awk '/^cpu / { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

fmt_int() { awk -v x="$1" 'BEGIN { s = sprintf("%.0f", x); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r }'; }
fmt_ms() { awk -v x="$1" 'BEGIN { if (x == "null" || x == "") print "–"; else printf(x < 10 ? "%.1f" : "%.0f", x) }'; }

# Replaces what lies between a section's markers in docs/benchmarks.md with the results file; adds the section if missing.
write_doc_section() { # marker name (e.g. intake-results), section heading, results file
  local doc="$ROOT/docs/benchmarks.md"
  local begin="<!-- $1:begin (written by bench/${0##*/}; edits between these markers are overwritten) -->" end="<!-- $1:end -->"
  if [[ ! -f "$doc" ]] || ! grep -qF "$end" "$doc"; then
    [[ -f "$doc" ]] || printf '# Benchmarks\n' >"$doc"
    printf '\n## %s\n\n%s\n%s\n' "$2" "$begin" "$end" >>"$doc"
  fi
  awk -v results="$3" -v begin="$begin" -v end="$end" -v prefix="<!-- $1:begin" '
    index($0, prefix) == 1 { print begin; while ((getline line < results) > 0) print line; skip = 1; next }
    index($0, end) == 1 { skip = 0 }
    !skip { print }' "$doc" >"$WORK/doc.md"
  cp "$WORK/doc.md" "$doc"
  echo
  echo "updated docs/benchmarks.md"
}

# Signs in as the demo agent 1003 and prints a new API token (the chat bench's agent uses it on the hub).
agent_token() { # base url
  curl -fs -c "$WORK/cookies" -H 'X-Kefu-Request: 1' -H 'Content-Type: application/json' \
    -d '{"workspace":"demo","login":"1003","password":"Kefu@2026"}' "$1/api/v1/auth/sign-in" >/dev/null
  curl -fs -b "$WORK/cookies" -H 'X-Kefu-Request: 1' -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    "$1/api/v1/auth/tokens" | jq -r .token
}

# A chat bench result (kefu-bench-chat's JSON line) as a markdown section.
chat_section() { # result json, mode
  local r="$1"
  echo "Command: \`$COMMAND\` · commit $REVISION · $CPU_MODEL, $(nproc) cores, $MEM · $OS · .NET $DOTNET · load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Mode: $2. Latency is customer send → the watching agent receives the push; a send is answered only after its message is durable."
  echo
  echo "| connections | offered msg/s | achieved msg/s | failed | delivered (of sent) | p50 ms | p90 ms | p99 ms | max ms | send acknowledged (durable) p50 / p99 ms | server RSS idle → with connections |"
  echo "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |"
  jq -r '"| \(.connections) | \(.offeredPerSecond) | \(.achievedPerSecond) | \(.failed) | \(.delivered) of \(.sent) | \(.latencyMs.p50) | \(.latencyMs.p90) | \(.latencyMs.p99) | \(.latencyMs.max) | \(.ackMs.p50) / \(.ackMs.p99) | \(.serverRssBeforeMiB) → \(.serverRssIdleMiB) MiB |"' "$r"
  echo
  local p99
  p99="$(jq -r '.latencyMs.p99 // 1e9' "$r")"
  if awk -v p="$p99" 'BEGIN { exit !(p < 50) }' && [[ "$(jq -r .connections "$r")" -ge 10000 && "$(jq -r '.achievedPerSecond >= 2000' "$r")" == true ]]; then
    echo "Target (10,000 connections, 2,000 msg/s, p99 < 50 ms): **met**."
  else
    echo "Target (10,000 connections, 2,000 msg/s, p99 < 50 ms): **not met by this run** (see the figures above)."
  fi
}
