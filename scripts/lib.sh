# Shared set-up for scripts/run.sh and scripts/test.sh: find or install what WhatsPortal needs.
set -euo pipefail

say() { printf '\033[1m[whatsportal]\033[0m %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

# Whether apt-get can be run here: as root, or through sudo without a password.
can_install() { as_root true; }

apt_install() {
  say "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Where the app will listen: --urls among its arguments wins over ASPNETCORE_URLS, as in ASP.NET Core.
listen_urls() {
  local urls="${ASPNETCORE_URLS:-http://localhost:5000}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --urls=*) urls="${1#--urls=}" ;;
      --urls) [ $# -gt 1 ] && urls="$2" && shift ;;
    esac
    shift
  done
  printf '%s\n' "$urls"
}

# An address a browser on this machine can open: wildcard hosts (0.0.0.0, [::], *, +) become localhost.
browsable_url() { printf '%s\n' "${1%/}" | sed -E 's#://(0\.0\.0\.0|\[::\]|\*|\+)#://localhost#'; }

require_dotnet_and_node() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is missing: install it (https://dot.net) and run this again."
  command -v npm >/dev/null 2>&1 || die "Node.js and npm are missing: apt-get install nodejs npm, then run this again."
}

# Prints the path of a Chromium the engine can drive. Debian's headless shell is preferred: the same Chromium
# without the desktop browser around it launches in a third of the time (docs/benchmarks.md). It is installed
# when this runs as root (or with sudo); otherwise an installed full browser is used.
ensure_chromium() {
  local candidate
  for candidate in "${Engine__ChromiumPath:-}" "${CHROMIUM_PATH:-}" /usr/bin/chromium-headless-shell; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  if can_install && apt_install chromium-headless-shell; then echo /usr/bin/chromium-headless-shell; return 0; fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then say "using $candidate: the lighter chromium-headless-shell is not installed"; echo "$candidate"; return 0; fi
  done
  if can_install && apt_install chromium; then echo /usr/bin/chromium; return 0; fi
  die "Chromium is missing and could not be installed: run 'sudo apt-get install chromium-headless-shell' (or set Engine__ChromiumPath)."
}

# Prints the bin directory of a PostgreSQL server, installing Debian's package when it can.
ensure_postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    apt_install postgresql || die "PostgreSQL is missing and could not be installed: run 'sudo apt-get install postgresql'."
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# The membership store of a WhatsPortal cluster (issue 16): Debian's redis-server.
ensure_redis_server() {
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server || die "Redis is missing and could not be installed: run 'sudo apt-get install redis-server'."
  fi
  command -v redis-server
}

# Starts a throwaway PostgreSQL server and Redis on free loopback ports for this script's run (installing them when
# missing), gone when the script exits, and exports WHATSPORTAL_TEST_POSTGRES (a connection string of a user that may
# create databases) and WHATSPORTAL_TEST_REDIS (host:port). scripts/test.sh and scripts/bench.sh --failover use them.
start_throwaway_servers() {
  throwaway_pg_bin=$(ensure_postgres_bin)
  local redis_bin pg_port redis_port pg_password
  # PostgreSQL refuses to run as root, so the throwaway cluster belongs to the postgres user when we are root.
  throwaway_dir=$(mktemp -d /tmp/whatsportal-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$throwaway_dir" postgres
    chown postgres "$throwaway_dir"
  fi
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  echo "$pg_password" > "$throwaway_dir/pwfile"; chmod 644 "$throwaway_dir/pwfile"
  trap stop_throwaway_servers EXIT
  run_pg "$throwaway_pg_bin/initdb" -D "$throwaway_dir/data" -U postgres --pwfile="$throwaway_dir/pwfile" -A scram-sha-256 -E UTF8 >/dev/null
  run_pg "$throwaway_pg_bin/pg_ctl" -D "$throwaway_dir/data" -l "$throwaway_dir/log" -w -o "-p $pg_port -k $throwaway_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  say "throwaway PostgreSQL on 127.0.0.1:$pg_port"
  export WHATSPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"

  # A throwaway Redis for a cluster's membership, gone with the run (no data kept on disk).
  redis_bin=$(ensure_redis_server)
  redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 56379)
  "$redis_bin" --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$throwaway_dir/redis.pid" --dir "$throwaway_dir" --logfile "$throwaway_dir/redis.log" >/dev/null
  say "throwaway Redis on 127.0.0.1:$redis_port"
  export WHATSPORTAL_TEST_REDIS="127.0.0.1:$redis_port"
}

run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_throwaway_servers() {
  run_pg "$throwaway_pg_bin/pg_ctl" -D "$throwaway_dir/data" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$throwaway_dir/redis.pid" ] && kill "$(cat "$throwaway_dir/redis.pid")" 2>/dev/null
  rm -rf "$throwaway_dir"
}
