# Shared settings of the throwaway MariaDB (sourced by db-up.sh, db-down.sh, demo.sh).
# Override any of them in the environment.
: "${DSMIGRATE_DB_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tmp/mariadb}"
: "${DSMIGRATE_DB_PORT:=33306}"
: "${DSMIGRATE_DB_USER:=dsmigrate}"
: "${DSMIGRATE_DB_PASSWORD:=dsmigrate-local}"
: "${DSMIGRATE_DB_NAME:=dsmigrate_demo}"   # the database make demo fills
DSMIGRATE_DB_SOCKET="$DSMIGRATE_DB_DIR/mysqld.sock"
DSMIGRATE_DB_PIDFILE="$DSMIGRATE_DB_DIR/mysqld.pid"
export DSMIGRATE_DB_DIR DSMIGRATE_DB_PORT DSMIGRATE_DB_USER DSMIGRATE_DB_PASSWORD DSMIGRATE_DB_NAME \
  DSMIGRATE_DB_SOCKET DSMIGRATE_DB_PIDFILE
