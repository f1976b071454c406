#!/usr/bin/env bash
# Runs every test (command two of the README): installs Chromium and PostgreSQL when missing, starts a
# throwaway PostgreSQL server and Redis for the run, and runs dotnet test. Extra arguments go to dotnet test.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
require_dotnet_and_node
# The EF tools (dotnet-ef) are pinned in .config/dotnet-tools.json; scripts/add-migration.sh uses them.
dotnet tool restore >/dev/null

export Engine__ChromiumPath="$(ensure_chromium)"
start_throwaway_servers

# A hung browser call would otherwise stall CI until its time runs out; fail it and say which test hung.
# The output is also kept so that the failures can be repeated last: a CI log is often read from its tail.
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
set +e
dotnet test WhatsPortal.sln -nologo --logger "console;verbosity=normal" --blame-hang-timeout 10m "$@" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
  say "the failures again (each with its first 40 lines), and the tests that hung, if any:"
  awk '/^  Failed /{n=40} /^  (Passed|Skipped) /{n=0} /The test running when the crash occurred/{n=6} n>0{print; n--}' "$output" >&2
fi
exit "$status"
