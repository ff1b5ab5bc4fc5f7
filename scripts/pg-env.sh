# Shared settings of the throwaway PostgreSQL (sourced by pg-up.sh, pg-down.sh).
# Override any of them in the environment.
: "${DSMIGRATE_PG_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tmp/postgres}"
: "${DSMIGRATE_PG_PORT:=55432}"
: "${DSMIGRATE_PG_USER:=dsmigrate}"
: "${DSMIGRATE_PG_PASSWORD:=dsmigrate-local}"
: "${DSMIGRATE_PG_NAME:=dolphinscheduler}"
DSMIGRATE_PG_SOCKET_DIR="$DSMIGRATE_PG_DIR/sock"
DSMIGRATE_PG_DATA="$DSMIGRATE_PG_DIR/data"
export DSMIGRATE_PG_DIR DSMIGRATE_PG_PORT DSMIGRATE_PG_USER DSMIGRATE_PG_PASSWORD DSMIGRATE_PG_NAME \
  DSMIGRATE_PG_SOCKET_DIR DSMIGRATE_PG_DATA

# pg_bin_dir prints the newest /usr/lib/postgresql/<v>/bin that has initdb.
pg_bin_dir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

# as_pg runs a command as the cluster's owner: the postgres user when we are
# root (initdb refuses to run as root), ourselves otherwise.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
