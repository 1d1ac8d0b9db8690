#!/usr/bin/env bash
# Squashes the migrations added since BASE (a commit) into one migration NAME per provider: removes every migration
# file BASE did not have, restores BASE's model snapshots, and adds NAME from the current model. For merging branches
# that each added a migration. Only for migrations nobody has applied outside a dev machine: a database already
# migrated past BASE has history rows for the removed migrations and must be recreated (or its rows fixed by hand).
# Custom SQL in the removed migrations is NOT carried over: copy it into NAME's Up/Down by hand afterwards
# (today that is the search index: FTS5 table and triggers on SQLite, tsvector column and GIN index on PostgreSQL).
# Usage: scripts/squash-migrations.sh BASE NAME
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?usage: scripts/squash-migrations.sh BASE NAME}"
name="${2:?usage: scripts/squash-migrations.sh BASE NAME}"
if [ ! -x .tools/dotnet-ef ]; then
  dotnet tool install dotnet-ef --version 10.0.15 --tool-path .tools
fi
for provider in Sqlite Postgres; do
  dir="src/Kefu.Persistence/$provider/Migrations"
  keep=$(git ls-tree --name-only "$base" "$dir/" | xargs -n1 basename)
  for f in "$dir"/*.cs; do
    echo "$keep" | grep -qx "$(basename "$f")" || rm "$f"
  done
  git show "$base:$dir/${provider}KefuDbContextModelSnapshot.cs" >"$dir/${provider}KefuDbContextModelSnapshot.cs"
done
dotnet build src/Kefu.Persistence -c Debug -v quiet -nologo >/dev/null
for provider in Sqlite Postgres; do
  .tools/dotnet-ef migrations add "$name" --project src/Kefu.Persistence --context "${provider}KefuDbContext" \
    --output-dir "$provider/Migrations" --no-build >/dev/null
done
ls src/Kefu.Persistence/*/Migrations/ | grep "_$name.cs"
echo "now copy any custom SQL of the removed migrations into the new ones (see the comment at the top of this script)"
