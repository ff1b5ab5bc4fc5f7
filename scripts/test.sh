#!/usr/bin/env bash
# make test: starts the throwaway MariaDB and PostgreSQL when they are not
# running, runs every test against them, reruns the database packages under
# MySQL 8.0's default sql_mode and with ANSI_QUOTES + NO_BACKSLASH_ESCAPES
# (SQL_MODES, default "mysql8 ansi"; SQL_MODES= skips the reruns), and stops
# the servers it started itself (KEEP_DB=1 keeps them running).
#
# Environment (set by the Makefile): TEST_DSN, TEST_PG_DSN, GOTEST_FLAGS,
# DB_PKGS, SQL_MODE_MYSQL8, SQL_MODE_ANSI, SQL_MODES, GO. With --sqlmodes-only
# only the reruns.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/db-env.sh
. scripts/pg-env.sh
GO="${GO:-go}"

maria_was_up=0
mariadb --no-defaults --socket="$DSMIGRATE_DB_SOCKET" -u root -e 'SELECT 1' >/dev/null 2>&1 && maria_was_up=1
pg_was_up=0
pgbin="$(pg_bin_dir || true)"
[ -n "$pgbin" ] && as_pg "$pgbin/pg_isready" -q -h "$DSMIGRATE_PG_SOCKET_DIR" -p "$DSMIGRATE_PG_PORT" >/dev/null 2>&1 && pg_was_up=1

stop_started() {
  [ -n "${KEEP_DB:-}" ] && { echo "[make test] KEEP_DB set: the test servers keep running (make db-down / make pg-down stop them)"; return; }
  if [ "$maria_was_up" = 0 ]; then bash scripts/db-down.sh; echo "[make test] stopped the MariaDB it started on port $DSMIGRATE_DB_PORT (make db-purge deletes .tmp/mariadb)"; fi
  if [ "$pg_was_up" = 0 ]; then bash scripts/pg-down.sh; echo "[make test] stopped the PostgreSQL it started on port $DSMIGRATE_PG_PORT"; fi
}
trap stop_started EXIT

bash scripts/db-up.sh >/dev/null || exit 1
bash scripts/pg-up.sh >/dev/null || exit 1

rc=0
if [ "${1:-}" != --sqlmodes-only ]; then
  # shellcheck disable=SC2086 # GOTEST_FLAGS and DB_PKGS are word lists
  DSMIGRATE_TEST_DSN="$TEST_DSN" DSMIGRATE_TEST_PG_DSN="$TEST_PG_DSN" "$GO" test $GOTEST_FLAGS ./... || rc=$?
fi
for name in ${SQL_MODES-mysql8 ansi}; do
  case $name in
    mysql8) mode="$SQL_MODE_MYSQL8" ;;
    ansi) mode="$SQL_MODE_ANSI" ;;
    *) echo "SQL_MODES: unknown set $name (mysql8, ansi)"; exit 2 ;;
  esac
  echo "== the database tests again under sql_mode $mode (-short: the kill -9 schedules ran above)"
  # shellcheck disable=SC2086
  DSMIGRATE_TEST_DSN="$TEST_DSN" DSMIGRATE_TEST_PG_DSN="$TEST_PG_DSN" DSMIGRATE_TEST_SQL_MODE="$mode" \
    "$GO" test -short $GOTEST_FLAGS $DB_PKGS || rc=$?
done
exit $rc
