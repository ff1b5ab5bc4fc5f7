package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Backup actions in dsmigrate_backup.action.
const (
	ActionUpdated = "updated" // the column's value before the run
	ActionRemoved = "removed" // one row per column of a row the run deleted
	ActionCreated = "created" // column '*': a row the run inserted
)

// Backup copies, server-side, the current values of columns of table into
// dsmigrate_backup with the given action, in one statement: column c of the
// rows idsOf(c). INSERT IGNORE keeps a first original (DESIGN §6). The number
// of rows written is counted in the same transaction (dsmigrate_backup_count),
// so rollback notices records that went missing.
func Backup(ctx context.Context, tx *sql.Tx, run int64, table, action string, columns []string, idsOf func(column string) []int64) error {
	d := dia(ctx)
	parts := make([]string, 0, len(columns))
	var args []any
	for _, c := range columns {
		ids := idsOf(c)
		if len(ids) == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("SELECT %s, %s, %s, %s, %s, %s, %s FROM %s WHERE %s IN (%s)",
			d.Param("bigint"), d.Param("text"), q("id"), d.Param("text"), d.Param("text"), d.Original(q(c)), d.Checksum(q(c)),
			q(table), q("id"), inList(len(ids))))
		args = append(append(args, run, table, c, action), int64Args(ids)...)
	}
	if len(parts) == 0 {
		return nil
	}
	query := d.InsertIgnore("INSERT INTO dsmigrate_backup (run_id, table_name, row_id, column_name, action, original, checksum) " +
		strings.Join(parts, " UNION ALL "))
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("back up %s (%s) of %s: %w", strings.Join(columns, ", "), action, table, err)
	}
	return count(ctx, tx, run, table, action, res)
}

// RecordCreated notes rows the run inserted, so rollback deletes them.
func RecordCreated(ctx context.Context, tx *sql.Tx, run int64, table string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(ids))
	for _, id := range ids {
		args = append(args, run, table, id)
	}
	query := dia(ctx).InsertIgnore("INSERT INTO dsmigrate_backup (run_id, table_name, row_id, column_name, action) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, '*', 'created'),", len(ids)), ","))
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("record %d rows created in %s: %w", len(ids), table, err)
	}
	return count(ctx, tx, run, table, ActionCreated, res)
}

// count adds the rows a backup statement wrote to the run's counts.
func count(ctx context.Context, tx *sql.Tx, run int64, table, action string, res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return err
	}
	d := dia(ctx)
	_, err = tx.ExecContext(ctx, d.Upsert(`INSERT INTO dsmigrate_backup_count (run_id, table_name, column_name, action, row_count) VALUES (?, ?, '*', ?, ?)`,
		"run_id, table_name, column_name, action", "row_count = dsmigrate_backup_count.row_count + "+d.Excluded("row_count")),
		run, table, action, n)
	return wrap(err, "count backups of %s", table)
}

// RecordWritten stores, after the batch's UPDATE and in its transaction, the
// checksum (dialect Checksum) of the value now in each changed column: rollback restores a row only
// while it is still as the run left it. A later write of the same run
// replaces it. All columns go in one statement (a derived table, as MySQL
// 5.7/8.0 need for INSERT … SELECT … UNION … ON DUPLICATE KEY UPDATE).
func RecordWritten(ctx context.Context, tx *sql.Tx, run int64, table string, columns []string, idsOf func(column string) []int64) error {
	d := dia(ctx)
	parts := make([]string, 0, len(columns))
	var args []any
	for _, c := range columns {
		ids := idsOf(c)
		if len(ids) == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("SELECT %s AS run_id, %s AS table_name, t.%s AS row_id, %s AS column_name, %s AS checksum FROM %s t WHERE t.%s IN (%s)",
			d.Param("bigint"), d.Param("text"), q("id"), d.Param("text"), d.Checksum("t."+q(c)), q(table), q("id"), inList(len(ids))))
		args = append(append(args, run, table, c), int64Args(ids)...)
	}
	if len(parts) == 0 {
		return nil
	}
	query := d.Upsert("INSERT INTO dsmigrate_written (run_id, table_name, row_id, column_name, checksum) SELECT * FROM ("+
		strings.Join(parts, " UNION ALL ")+") w", "run_id, table_name, row_id, column_name", "checksum = "+d.Excluded("checksum"))
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("record what was written to %s (%s): %w", table, strings.Join(columns, ", "), err)
	}
	return nil
}
