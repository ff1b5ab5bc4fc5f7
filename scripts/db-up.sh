#!/usr/bin/env bash
# Start a throwaway MariaDB for tests and the demo: own datadir, port, socket and tmpdir,
# nothing shared with a system server. Installs mariadb-server with apt when it is missing.
# Idempotent: when the server of this datadir already answers, it only makes sure the user
# and database exist. Prints the demo database's DSN on stdout (the password is not a secret:
# the server listens on 127.0.0.1 only and is thrown away). A busy port is reported in seconds.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/db-env.sh"

log() { echo "[db-up] $*" >&2; }

install_mariadb() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] && return 0
  log "mariadbd not found; installing mariadb-server with apt"
  if [ "$(id -u)" != 0 ]; then log "not root: install mariadb-server yourself"; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq mariadb-server mariadb-client >/dev/null
}

client() { mariadb --no-defaults --socket="$DSMIGRATE_DB_SOCKET" -u root "$@"; }

answers() { [ -S "$DSMIGRATE_DB_SOCKET" ] && client -N -e 'SELECT 1' >/dev/null 2>&1; }

install_mariadb
PATH="$PATH:/usr/sbin"

if answers; then
  log "already running (datadir $DSMIGRATE_DB_DIR, port $DSMIGRATE_DB_PORT)"
else
  if [ ! -d "$DSMIGRATE_DB_DIR/data/mysql" ]; then
    log "initialising $DSMIGRATE_DB_DIR"
    rm -rf "$DSMIGRATE_DB_DIR"
    mkdir -p "$DSMIGRATE_DB_DIR/data" "$DSMIGRATE_DB_DIR/tmp"
    mariadb-install-db --no-defaults --datadir="$DSMIGRATE_DB_DIR/data" --user="$(id -un)" \
      --auth-root-authentication-method=socket --skip-test-db >"$DSMIGRATE_DB_DIR/install.log" 2>&1 \
      || { cat "$DSMIGRATE_DB_DIR/install.log" >&2; exit 1; }
  fi
  mkdir -p "$DSMIGRATE_DB_DIR/tmp"
  # --no-defaults ignores the distribution's config; a private tmpdir avoids
  # intermittent multi-table UPDATE failures seen with a shared /tmp (DESIGN §8).
  log_start=$(stat -c %s "$DSMIGRATE_DB_DIR/error.log" 2>/dev/null || echo 0)
  nohup mariadbd --no-defaults --user="$(id -un)" \
    --datadir="$DSMIGRATE_DB_DIR/data" --tmpdir="$DSMIGRATE_DB_DIR/tmp" \
    --socket="$DSMIGRATE_DB_SOCKET" --pid-file="$DSMIGRATE_DB_PIDFILE" \
    --port="$DSMIGRATE_DB_PORT" --bind-address=127.0.0.1 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=2 \
    --max-allowed-packet=256M --local-infile=1 \
    --log-error="$DSMIGRATE_DB_DIR/error.log" >/dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    answers && break
    if ! kill -0 "$server_pid" 2>/dev/null; then # it aborted: say why, now
      new_log="$(tail -c +"$((log_start + 1))" "$DSMIGRATE_DB_DIR/error.log" 2>/dev/null || true)"
      if grep -q 'Address already in use' <<<"$new_log"; then
        log "port $DSMIGRATE_DB_PORT is in use; set DSMIGRATE_DB_PORT to a free port (e.g. DSMIGRATE_DB_PORT=33307 make demo)"
      else
        log "mariadbd exited at start; see $DSMIGRATE_DB_DIR/error.log"; tail -20 <<<"$new_log" >&2
      fi
      exit 1
    fi
    sleep 0.25
  done
  answers || { log "server did not answer; see $DSMIGRATE_DB_DIR/error.log"; tail -20 "$DSMIGRATE_DB_DIR/error.log" >&2; exit 1; }
  log "started (pid $(cat "$DSMIGRATE_DB_PIDFILE"), port $DSMIGRATE_DB_PORT)"
fi

client <<SQL
CREATE USER IF NOT EXISTS '$DSMIGRATE_DB_USER'@'localhost' IDENTIFIED BY '$DSMIGRATE_DB_PASSWORD';
CREATE USER IF NOT EXISTS '$DSMIGRATE_DB_USER'@'127.0.0.1' IDENTIFIED BY '$DSMIGRATE_DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DSMIGRATE_DB_USER'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$DSMIGRATE_DB_USER'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`$DSMIGRATE_DB_NAME\` DEFAULT CHARACTER SET utf8 DEFAULT COLLATE utf8_general_ci;
SQL
dsn="mysql://$DSMIGRATE_DB_USER:$DSMIGRATE_DB_PASSWORD@127.0.0.1:$DSMIGRATE_DB_PORT/$DSMIGRATE_DB_NAME"
log "demo database (make demo fills it; throwaway and local, its password is not a secret):"
log "  export DSMIGRATE_DSN='$dsn'"
echo "$dsn"
