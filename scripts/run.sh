#!/usr/bin/env bash
# Runs the WhatsPortal portal, engine and API on SQLite under ./data (command one of the README).
# Usage: scripts/run.sh [--sandbox] [extra ASP.NET Core arguments, e.g. --urls http://0.0.0.0:8080]
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
require_dotnet_and_node
# The EF tools (dotnet-ef) are pinned in .config/dotnet-tools.json; scripts/add-migration.sh uses them.
dotnet tool restore >/dev/null

sandbox=false
if [ "${1:-}" = "--sandbox" ]; then
  export Sandbox__Enabled=true
  sandbox=true
  shift
fi
if chromium=$(ensure_chromium); then
  export Engine__ChromiumPath="$chromium"
fi
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5000}"
# dotnet run starts the app in the project folder; keep the data where the README says: ./data here.
export Storage__DataDirectory="${Storage__DataDirectory:-$PWD/data}"
say "building (npm packages and NuGet restore on first run)"
dotnet build WhatsPortal.Web -c Release -nologo -v quiet
urls=$(listen_urls "$@")
say "starting on $urls (data in $Storage__DataDirectory); ASP.NET Core confirms each address below with \"Now listening on\""
if [ "$sandbox" = true ]; then
  portal=$(browsable_url "${urls%%;*}")
  say "sandbox: the phone page is $portal/sandbox/phone. Next: log in at $portal, create an instance and press Start,"
  say "         then on the phone page create a phone and press \"Link this page\" next to the waiting QR."
fi
exec dotnet run --project WhatsPortal.Web -c Release --no-build --no-launch-profile -- "$@"
