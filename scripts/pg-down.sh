#!/usr/bin/env bash
# Stop the throwaway PostgreSQL started by pg-up.sh (pg_ctl stop on its data
# directory). Safe to run when nothing runs. --purge also deletes its directory.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/pg-env.sh"
bin="$(pg_bin_dir || true)"
if [ -n "$bin" ] && [ -f "$DSMIGRATE_PG_DATA/postmaster.pid" ]; then
  as_pg "$bin/pg_ctl" -D "$DSMIGRATE_PG_DATA" -m fast -w stop >/dev/null && echo "[pg-down] stopped" >&2
else
  echo "[pg-down] not running" >&2
fi
if [ "${1:-}" = --purge ]; then rm -rf "$DSMIGRATE_PG_DIR"; echo "[pg-down] removed $DSMIGRATE_PG_DIR" >&2; fi
