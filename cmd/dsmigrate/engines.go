package main

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dsmigrate/dsmigrate/dialect"
)

// engineTitles names the dialects for people.
var engineTitles = map[string]string{"mysql": "MySQL/MariaDB", "postgres": "PostgreSQL"}

// requireEngine refuses, before anything is read or written, what the
// connected engine cannot do: `--to` (dsmigrate's schema path) off MariaDB,
// and the ledger commands on an engine whose dialect does not support
// writes (none today: MySQL/MariaDB and PostgreSQL both do). Exit code 2.
func requireEngine(ctx context.Context, db *sql.DB, command, to string) error {
	d, err := dialect.Of(ctx, db)
	if err != nil {
		return withCode(exitUsage, err)
	}
	if to != "" {
		if ok, server := d.SupportsSchemaPath(ctx, db); !ok {
			msg := fmt.Sprintf("--to %s: dsmigrate's schema path runs on MariaDB only, not on %s; nothing was changed. "+
				"Take the schema to %s with DolphinScheduler's own upgrader (tools/bin/upgrade-schema.sh of DS %s), "+
				"then run `dsmigrate upgrade` without --to (docs/runbook.md)", to, server, to, to)
			if !d.SupportsWrites() {
				msg += fmt.Sprintf("; `dsmigrate upgrade` itself is not yet supported on %s either: inspect and verify work", engineTitles[d.Name()])
			}
			return withCode(exitUsage, fmt.Errorf("%s", msg))
		}
	}
	if !d.SupportsWrites() {
		return withCode(exitUsage, fmt.Errorf("dsmigrate %s is not yet supported on %s; read-only commands work (inspect, verify); nothing was changed",
			command, engineTitles[d.Name()]))
	}
	return nil
}
