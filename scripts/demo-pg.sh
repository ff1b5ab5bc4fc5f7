#!/usr/bin/env bash
# make demo-pg: the demo on the throwaway PostgreSQL (pg-up.sh), on DS's real
# 2.0.9 PostgreSQL DDL. PostgreSQL has no `upgrade --to` (DS's own upgrader
# takes the schema; it runs its PostgreSQL scripts in transactions), so:
#   1. DS's 2.0.9 schema + the legacy catalogue, then DS's own PostgreSQL
#      scripts to 3.3.0 (../shared/dolphinscheduler/load-and-upgrade.sh);
#   2. dsmigrate plan and upgrade on it;
#   3. the deliberately bad rows (verify), fixed by hand (scripts/demo-fixes-pg.sql);
#   4. upgrade again, status, and verify says REPLAYABLE (exit 0), or the demo fails.
# Needs bin/ (make build) and ../shared/dolphinscheduler (DS's DDL and scripts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/pg-env.sh
SHARED="${DSMIGRATE_SHARED:-$(cd .. && pwd)/shared}/dolphinscheduler"
[ -x "$SHARED/load-and-upgrade.sh" ] || [ -f "$SHARED/load-and-upgrade.sh" ] || { echo "demo-pg: $SHARED/load-and-upgrade.sh not found (set DSMIGRATE_SHARED)" >&2; exit 2; }
DB="${DSMIGRATE_PG_DEMO_DB:-dsmigrate_demo}"
SERVER="postgres://$DSMIGRATE_PG_USER:$DSMIGRATE_PG_PASSWORD@127.0.0.1:$DSMIGRATE_PG_PORT"
export PGHOST=127.0.0.1 PGPORT="$DSMIGRATE_PG_PORT" PGUSER="$DSMIGRATE_PG_USER" PGPASSWORD="$DSMIGRATE_PG_PASSWORD"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

step "1. DS 2.0.9 on PostgreSQL with the legacy catalogue, then DS's own scripts to 3.3.0 (database $DB)"
sql -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\" TEMPLATE template0 ENCODING 'UTF8'"
export DSMIGRATE_DSN="$SERVER/$DB?sslmode=disable"
PGDATABASE="$DB" bash "$SHARED/load-and-upgrade.sh" --db postgresql >/dev/null
bin/dsfixture load --no-schema --catalogue 2>/dev/null
PGDATABASE="$DB" bash "$SHARED/load-and-upgrade.sh" --db postgresql --no-init --target 3.3.0 >/dev/null
echo "\$ dsmigrate verify      (read-only; rules V01-V09, docs/verify-rules.md)"
bin/dsmigrate verify >/tmp/dsmigrate-demo.$$ 2>&1 || true
grep -E '^(RULE|V0[1-9]) |^(NOT )?REPLAYABLE' /tmp/dsmigrate-demo.$$ || true
rm -f /tmp/dsmigrate-demo.$$

step "2. dsmigrate plan, then upgrade (the data in batches with a byte-exact backup)"
bin/dsmigrate plan --progress=false | grep -E '^Plan|^TABLE|^(command|error_command|instance|task_instance) +[0-9]+ +[0-9]+ +[0-9]+ *$' || true
bin/dsmigrate upgrade --no-verify --progress=false || echo "(exit $?: rows refused on purpose, left untouched; next step)"

step "3. The catalogue's deliberately bad rows (dsmigrate verify), and their fixes by hand (scripts/demo-fixes-pg.sql)"
bin/dsmigrate verify || echo "(exit $?: not replayable yet)"
grep -E '^-- >' scripts/demo-fixes-pg.sql | sed 's/^-- >/ /'
sql -d "$DB" -f scripts/demo-fixes-pg.sql
bin/dsmigrate upgrade --orphans=finalize --no-verify --progress=false

step "4. dsmigrate status"
bin/dsmigrate status || true

step "5. The proof (read-only; exit 0 exactly when a DS 3.3 master can replay everything)"
cat <<MSG
The demo database, throwaway and local (its password is not a secret):
  export DSMIGRATE_DSN='$DSMIGRATE_DSN'
\$ dsmigrate verify
MSG
bin/dsmigrate verify
