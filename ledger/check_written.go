package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// unwrittenUpdates finds backups of updated values that have no record of
// what the run wrote (dsmigrate_written). Every batch records both in one
// transaction, so such a backup row was added or re-pointed by hand (e.g. its
// row_id edited to a row the run never touched): restoring it would write
// into that row. Runs an older dsmigrate wrote (no complete counts) kept no
// written records and are not checked.
func unwrittenUpdates(ctx context.Context, db *sql.DB, run int64) ([]string, error) {
	var counted bool
	err := db.QueryRowContext(ctx, `SELECT counts FROM dsmigrate_run_owner WHERE run_id = ?`, run).Scan(&counted)
	if err == sql.ErrNoRows || err == nil && !counted {
		return nil, nil
	}
	if err != nil {
		return nil, wrap(err, "read owner of run %d", run)
	}
	rows, err := db.QueryContext(ctx, `SELECT b.table_name, b.column_name, b.row_id FROM dsmigrate_backup b
LEFT JOIN dsmigrate_written w ON w.run_id = b.run_id AND w.table_name = b.table_name AND w.row_id = b.row_id AND w.column_name = b.column_name
WHERE b.run_id = ? AND b.action = ? AND w.run_id IS NULL ORDER BY b.table_name, b.column_name, b.row_id LIMIT 20`, run, ActionUpdated)
	if err != nil {
		return nil, wrap(err, "check written records of run %d", run)
	}
	defer rows.Close()
	var where []string
	for rows.Next() {
		var table, column string
		var id int64
		if err := rows.Scan(&table, &column, &id); err != nil {
			return nil, wrap(err, "check written records of run %d", run)
		}
		where = append(where, fmt.Sprintf("%s.%s row %d", table, column, id))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "check written records of run %d", run)
	}
	if len(where) == 0 {
		return nil, nil
	}
	return []string{fmt.Sprintf("run %d: backups with no record of what the run wrote (added or re-pointed by hand?): %s",
		run, strings.Join(where, ", "))}, nil
}
