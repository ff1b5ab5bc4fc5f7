#!/usr/bin/env bash
# make demo: a fresh database with DS 2.0.x legacy data (the catalogue fixture),
# then dsmigrate's pipeline on it. Needs bin/ (make build) and db-up.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/db-env.sh
DB="dsmigrate_demo"
SERVER="mysql://$DSMIGRATE_DB_USER:$DSMIGRATE_DB_PASSWORD@127.0.0.1:$DSMIGRATE_DB_PORT"
export DSMIGRATE_DSN="$SERVER/$DB"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "fresh database $DB with the DS 2.0.x schema and the legacy catalogue fixture"
mariadb --no-defaults --socket="$DSMIGRATE_DB_SOCKET" -u root \
  -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` DEFAULT CHARACTER SET utf8"
bin/dsfixture load --catalogue

step "dsmigrate inspect            (read-only inventory and risks)"
bin/dsmigrate inspect

step "dsmigrate plan               (dry run: what upgrade would change; writes nothing)"
bin/dsmigrate plan --progress=false || true   # exit 1: some catalogue rows are refused on purpose

step "dsmigrate upgrade            (batches with byte-exact backup; refused rows left untouched; verify at the end)"
bin/dsmigrate upgrade --no-verify || true

step "dsmigrate status             (ledger: migrations, runs, checkpoints)"
bin/dsmigrate status

step "dsmigrate verify             (read-only proof; on 2.0 it also flags what DS's schema scripts will leave NULL)"
bin/dsmigrate verify || true

step "dsmigrate inspect            (after)"
bin/dsmigrate inspect

echo
echo "DSMIGRATE_DSN=$(echo "$DSMIGRATE_DSN" | sed -E 's#(//[^:]*:)[^@]*@#\1***@#') bin/dsmigrate inspect --output json   # the same, for pipelines"
