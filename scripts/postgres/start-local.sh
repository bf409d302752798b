#!/usr/bin/env bash
# Starts a private PostgreSQL cluster on loopback for tests and CI: its own data directory, its own
# port, trust authentication for the postgres user on 127.0.0.1 only. Installs Debian's postgresql
# when the binaries are missing. Prints the server URL (no database name) on its last line.
#   PGPORT_LOCAL   port to listen on (default 55432)
#   PGDATA_LOCAL   data directory (default /var/tmp/briefs-postgres-$PGPORT_LOCAL)
set -euo pipefail

port="${PGPORT_LOCAL:-55432}"
data="${PGDATA_LOCAL:-/var/tmp/briefs-postgres-$port}"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "Installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

# initdb and the server refuse to run as root; the postgres user owns the cluster.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "PostgreSQL already listening on 127.0.0.1:$port" >&2
else
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
    # C.UTF-8: text sorts by code point, as SQLite sorts it, so both databases list alike, and letters beyond ASCII are letters to the search.
    as_postgres "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300" start >&2
fi
echo "postgresql://postgres@127.0.0.1:$port"
