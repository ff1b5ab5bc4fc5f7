package ledger

import (
	"context"
	"database/sql"
)

// Created records rows the run inserted with explicit ids (RecordCreated)
// and moves the table's id sequence past them: on PostgreSQL DS's next
// insert would otherwise draw a taken id (its sequences do not follow
// explicit ids); a no-op on MySQL, whose AUTO_INCREMENT does.
func Created(ctx context.Context, tx *sql.Tx, run int64, table string, ids []int64) error {
	if err := RecordCreated(ctx, tx, run, table, ids); err != nil || len(ids) == 0 {
		return err
	}
	return wrap(dia(ctx).SyncSequence(ctx, tx, table, "id"), "id sequence of %s", table)
}
