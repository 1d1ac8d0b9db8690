#!/usr/bin/env bash
# Intent-classifier figures for docs/benchmarks.md ("Intent classification"): builds kefu in Release, carves
# stratified validation splits (20 % per label, seed 13) out of the training files in shared/data into a temp dir,
# and runs `kefu eval-classifier` on each dataset. The official test splits are kept apart and never used here.
#
#   bench/eval-classifier.sh [DATA_DIR]      (default: ../shared/data beside the repository, or /work/shared/data)
#
# Needs: .NET SDK and python3 (standard library only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:-}"
if [[ -z "$DATA" ]]; then
  for candidate in "$ROOT/../shared/data" /work/shared/data; do
    [[ -d "$candidate/banking77" ]] && DATA="$candidate" && break
  done
fi
[[ -n "$DATA" && -d "$DATA" ]] || { echo "No data directory (pass DATA_DIR)." >&2; exit 1; }

WORK="$(mktemp -d /tmp/kefu-eval-classifier.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

dotnet build "$ROOT/src/Kefu.Server" -c Release -o "$WORK/bin" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
KEFU=(dotnet "$WORK/bin/kefu.dll" eval-classifier)
SPLIT=(python3 "$ROOT/bench/split-labelled-csv.py" --share 0.2 --seed 13)

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"

run() {
  local name="$1"; shift
  echo
  echo "## $name"
  echo "\$ kefu eval-classifier $*" | sed "s|$WORK/||g; s|$DATA/|data/|g"
  "${KEFU[@]}" "$@" 2>"$WORK/$name.log"
}

"${SPLIT[@]}" "$DATA/kefu_zh_intents/train.csv" "$WORK/kefu_zh-train.csv" "$WORK/kefu_zh-validation.csv"
run kefu_zh_intents --train "$WORK/kefu_zh-train.csv" --test "$WORK/kefu_zh-validation.csv" --oos-label oos

"${SPLIT[@]}" "$DATA/banking77/train.csv" "$WORK/banking77-train.csv" "$WORK/banking77-validation.csv"
run banking77 --train "$WORK/banking77-train.csv" --test "$WORK/banking77-validation.csv"

run clinc150 --train "$DATA/clinc150/train.csv" --test "$DATA/clinc150/validation.csv" --oos-label oos

for set in sofmattress curekart powerplay11; do
  "${SPLIT[@]}" "$DATA/hint3/${set}_train.csv" "$WORK/$set-train.csv" "$WORK/$set-validation.csv"
  run "hint3-$set" --train "$WORK/$set-train.csv" --test "$WORK/$set-validation.csv"
done
