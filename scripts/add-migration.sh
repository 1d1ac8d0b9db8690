#!/usr/bin/env bash
# Adds a migration with the same name for every database provider (one migration set per provider).
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh NAME}"
if [ ! -x .tools/dotnet-ef ]; then
  dotnet tool install dotnet-ef --version 10.0.15 --tool-path .tools
fi
for provider in Sqlite Postgres; do
  .tools/dotnet-ef migrations add "$name" --project src/Kefu.Persistence \
    --context "${provider}KefuDbContext" --output-dir "$provider/Migrations"
done
