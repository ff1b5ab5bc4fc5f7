#!/usr/bin/env bash
# Start a throwaway PostgreSQL for tests: own data directory, port and socket
# directory under .tmp/, nothing shared with a system cluster. Installs
# postgresql with apt when it is missing. Idempotent: when this cluster already
# answers, it only makes sure the user and database exist. Password auth
# (scram) for the dsmigrate user over TCP. Prints the DSN on its last line.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/pg-env.sh"

log() { echo "[pg-up] $*" >&2; }

bin="$(pg_bin_dir || true)"
if [ -z "$bin" ]; then
  log "initdb not found; installing postgresql with apt"
  if [ "$(id -u)" != 0 ]; then log "not root: install postgresql yourself"; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  bin="$(pg_bin_dir)"
fi

psql_admin() { as_pg "$bin/psql" -X -q -h "$DSMIGRATE_PG_SOCKET_DIR" -p "$DSMIGRATE_PG_PORT" -d postgres -v ON_ERROR_STOP=1 "$@"; }
answers() { as_pg "$bin/pg_isready" -q -h "$DSMIGRATE_PG_SOCKET_DIR" -p "$DSMIGRATE_PG_PORT" >/dev/null 2>&1; }

mkdir -p "$DSMIGRATE_PG_DIR"
if [ "$(id -u)" = 0 ]; then chown postgres: "$DSMIGRATE_PG_DIR"; fi

if answers; then
  log "already running (data $DSMIGRATE_PG_DATA, port $DSMIGRATE_PG_PORT)"
else
  if [ ! -f "$DSMIGRATE_PG_DATA/PG_VERSION" ]; then
    log "initialising $DSMIGRATE_PG_DATA"
    as_pg rm -rf "$DSMIGRATE_PG_DATA"
    as_pg "$bin/initdb" -D "$DSMIGRATE_PG_DATA" -E UTF8 --locale=C -A trust -U postgres \
      >"$DSMIGRATE_PG_DIR/initdb.log" 2>&1 || { cat "$DSMIGRATE_PG_DIR/initdb.log" >&2; exit 1; }
    # Local socket: trust (admin only); TCP: passwords.
    as_pg bash -c "cat > '$DSMIGRATE_PG_DATA/pg_hba.conf'" <<HBA
local all all trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
HBA
  fi
  as_pg mkdir -p "$DSMIGRATE_PG_SOCKET_DIR"
  as_pg "$bin/pg_ctl" -D "$DSMIGRATE_PG_DATA" -l "$DSMIGRATE_PG_DIR/server.log" -w -t 60 \
    -o "-p $DSMIGRATE_PG_PORT -k $DSMIGRATE_PG_SOCKET_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { log "server did not start; see $DSMIGRATE_PG_DIR/server.log"; tail -20 "$DSMIGRATE_PG_DIR/server.log" >&2; exit 1; }
  log "started (port $DSMIGRATE_PG_PORT)"
fi

psql_admin <<SQL
SELECT format('CREATE ROLE %I LOGIN SUPERUSER PASSWORD %L', '$DSMIGRATE_PG_USER', '$DSMIGRATE_PG_PASSWORD')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DSMIGRATE_PG_USER') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$DSMIGRATE_PG_NAME', '$DSMIGRATE_PG_USER')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DSMIGRATE_PG_NAME') \gexec
SQL
echo "postgres://$DSMIGRATE_PG_USER:$DSMIGRATE_PG_PASSWORD@127.0.0.1:$DSMIGRATE_PG_PORT/$DSMIGRATE_PG_NAME?sslmode=disable"
