#!/usr/bin/env bash
# Stop the throwaway MariaDB started by db-up.sh, by the PID in its pid file.
# Safe to run when nothing runs. --purge also deletes its datadir.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/db-env.sh"
if [ -f "$DSMIGRATE_DB_PIDFILE" ]; then
  pid="$(cat "$DSMIGRATE_DB_PIDFILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    echo "[db-down] stopped pid $pid" >&2
  fi
  rm -f "$DSMIGRATE_DB_PIDFILE"
else
  echo "[db-down] not running" >&2
fi
if [ "${1:-}" = --purge ]; then rm -rf "$DSMIGRATE_DB_DIR"; echo "[db-down] removed $DSMIGRATE_DB_DIR" >&2; fi
