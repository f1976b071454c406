#!/usr/bin/env bash
# Adds one generated migration per database provider (SQLite, PostgreSQL, SQL Server) for the current model.
# Usage: scripts/add-migration.sh NameOfTheChange    (after changing an entity or its configuration)
# Each provider keeps its own history and model snapshot in WhatsPortal.Migrations.<Provider>; a test fails while
# any of them lags behind the model.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh NameOfTheChange}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres SqlServer; do
  project=WhatsPortal.Migrations.$provider
  dotnet build "$project" -nologo -v quiet
  dotnet ef migrations add "$name" --project "$project" --output-dir Migrations --no-build
done
