#!/usr/bin/env bash
# Runs every test (command two of the README): installs Chromium and PostgreSQL when missing, starts a
# throwaway PostgreSQL server for the run, and runs dotnet test. Extra arguments go to dotnet test.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
require_dotnet_and_node
# The EF tools (dotnet-ef) are pinned in .config/dotnet-tools.json; scripts/add-migration.sh uses them.
dotnet tool restore >/dev/null

export Engine__ChromiumPath="$(ensure_chromium)"
pg_bin=$(ensure_postgres_bin)

# PostgreSQL refuses to run as root, so the throwaway cluster belongs to the postgres user when we are root.
pg_dir=$(mktemp -d /tmp/whatsportal-pg.XXXXXX)
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$pg_dir" postgres
  chown postgres "$pg_dir"
fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
echo "$pg_password" > "$pg_dir/pwfile"; chmod 644 "$pg_dir/pwfile"
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --pwfile="$pg_dir/pwfile" -A scram-sha-256 -E UTF8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
cleanup() { run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap cleanup EXIT
say "throwaway PostgreSQL on 127.0.0.1:$pg_port"
export WHATSPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"

# A throwaway Redis for the cluster tests' membership, on a free port, gone with the run (no data kept on disk).
redis_bin=$(ensure_redis_server)
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 56379)
"$redis_bin" --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$pg_dir/redis.pid" --dir "$pg_dir" --logfile "$pg_dir/redis.log" >/dev/null
cleanup() { run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; [ -f "$pg_dir/redis.pid" ] && kill "$(cat "$pg_dir/redis.pid")" 2>/dev/null; rm -rf "$pg_dir"; }
say "throwaway Redis on 127.0.0.1:$redis_port"
export WHATSPORTAL_TEST_REDIS="127.0.0.1:$redis_port"

# A hung browser call would otherwise stall CI until its time runs out; fail it and say which test hung.
dotnet test WhatsPortal.sln -nologo --logger "console;verbosity=normal" --blame-hang-timeout 10m "$@"
