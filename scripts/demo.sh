#!/usr/bin/env bash
# make demo: the story in under two minutes, on the throwaway MariaDB (db-up.sh).
#   1. before: the legacy catalogue after DS's own schema upgrade — what a 3.3 master would be stuck on;
#   2. dsmigrate's path on the same legacy data: plan, then `upgrade --to 3.3.0` in one run;
#   3. the catalogue's deliberately bad rows, which upgrade refused, each with the fix it needs;
#   4. those fixes made by hand (scripts/demo-fixes.sql) and one more upgrade;
#   5. the proof: `dsmigrate verify` says REPLAYABLE (exit 0), or the demo fails.
# Needs bin/ (make build). Every database it makes is dropped and made again on the next run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/db-env.sh
SERVER="mysql://$DSMIGRATE_DB_USER:$DSMIGRATE_DB_PASSWORD@127.0.0.1:$DSMIGRATE_DB_PORT"
BEFORE="dsmigrate_demo_ds_only"
DB="$DSMIGRATE_DB_NAME"   # dsmigrate_demo unless set

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
sql() { mariadb --no-defaults --socket="$DSMIGRATE_DB_SOCKET" -u root "$@"; }
fresh() { # fresh database with DS 2.0.9's full table set and the legacy catalogue
  sql -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\` DEFAULT CHARACTER SET utf8"
  DSMIGRATE_DSN="$SERVER/$1" bin/dsfixture load --catalogue --overlay schema-2.0-rest.sql 2>/dev/null
}

step "1. Before: DS's own upgrade on 2.0.9 data (database $BEFORE)"
fresh "$BEFORE"
export DSMIGRATE_DSN="$SERVER/$BEFORE"
bin/dsfixture ds-schema-upgrade
stuck="$(sql -N "$BEFORE" -e "SELECT COUNT(*) FROM t_ds_workflow_instance
  WHERE state IN (0, 1, 2, 4, 8, 10, 11, 12, 14, 15)
    AND (command_param IS NULL OR JSON_VALID(command_param) = 0 OR JSON_EXISTS(command_param, '\$.commandType') = 0)")"
echo "$stuck unfinished workflow instances still carry a 2.0.x command_param: the first 3.3 master fails them"
echo "over, cannot parse the param, parks the command in t_ds_error_command — stuck at FAILOVER (18) (#16878)."
echo "\$ dsmigrate verify      (read-only; rules V01-V09, docs/verify-rules.md)"
bin/dsmigrate verify >/tmp/dsmigrate-demo.$$ 2>&1 || true
grep -E '^(RULE|V0[1-9]) |^(NOT )?REPLAYABLE' /tmp/dsmigrate-demo.$$ || true
rm -f /tmp/dsmigrate-demo.$$

step "2. dsmigrate's path on the same 2.0.9 data (database $DB)"
fresh "$DB"
export DSMIGRATE_DSN="$SERVER/$DB"
echo "\$ dsmigrate plan --to 3.3.0      (dry run: writes nothing)"
bin/dsmigrate plan --to 3.3.0 --progress=false >/tmp/dsmigrate-demo.$$ || true
grep -E '^Schema path|^Plan|^TABLE|^(command|error_command|instance|task_instance) +[0-9]+ +[0-9]+ +[0-9]+ *$' /tmp/dsmigrate-demo.$$ || true
rm -f /tmp/dsmigrate-demo.$$
echo
echo "\$ dsmigrate upgrade --to 3.3.0   (schema steps, then the data in batches with a byte-exact backup)"
bin/dsmigrate upgrade --to 3.3.0 --no-verify --progress=false || echo "(exit $?: rows refused on purpose, left untouched; next step)"

step "3. The catalogue's deliberately bad rows: what each needs (dsmigrate verify)"
bin/dsmigrate verify || echo "(exit $?: not replayable yet)"

step "4. The manual fixes, by hand (scripts/demo-fixes.sql), then upgrade again with --orphans=finalize"
grep -E '^-- >' scripts/demo-fixes.sql | sed 's/^-- >/ /'
sql "$DB" < scripts/demo-fixes.sql
bin/dsmigrate upgrade --orphans=finalize --no-verify --progress=false

step "5. dsmigrate status"
bin/dsmigrate status || true

step "6. The proof (read-only; exit 0 exactly when a DS 3.3 master can replay everything)"
cat <<MSG
The demo database, throwaway and local (its password is not a secret):
  export DSMIGRATE_DSN='$SERVER/$DB'
  bin/dsmigrate inspect        # or status, verify --output json, rollback …
\$ dsmigrate verify
MSG
bin/dsmigrate verify
