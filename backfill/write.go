package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// rowUpdate holds the new values of one row of the scanned table.
type rowUpdate struct {
	id   int64
	cols map[string]any // physical column → new value; nil writes NULL
}

// copyToBackup copies, server-side, the current values of columns into
// dsmigrate_backup with the given action, in one statement: column c of the
// rows idsOf(c). INSERT IGNORE keeps a first original (DESIGN §6).
func copyToBackup(ctx context.Context, tx *sql.Tx, run int64, table, action string, columns []string, idsOf func(column string) []int64) error {
	parts := make([]string, 0, len(columns))
	var args []any
	for _, c := range columns {
		ids := idsOf(c)
		if len(ids) == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("SELECT ?, ?, %s, ?, ?, %s, SHA1(%s) FROM %s WHERE %s IN (%s)",
			q("id"), q(c), q(c), q(table), q("id"), inList(len(ids))))
		args = append(append(args, run, table, c, action), int64Args(ids)...)
	}
	if len(parts) == 0 {
		return nil
	}
	query := "INSERT IGNORE INTO dsmigrate_backup (run_id, table_name, row_id, column_name, action, original, checksum) " +
		strings.Join(parts, " UNION ALL ")
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("back up %s (%s) of %s: %w", strings.Join(columns, ", "), action, table, err)
	}
	return nil
}

// backupColumns backs up one column of the rows ids before they change.
func backupColumns(ctx context.Context, tx *sql.Tx, run int64, table, column string, ids []int64) error {
	return copyToBackup(ctx, tx, run, table, "updated", []string{column}, func(string) []int64 { return ids })
}

// recordCreated notes rows the run inserted, so rollback deletes them.
func recordCreated(ctx context.Context, tx *sql.Tx, run int64, table string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(ids))
	for _, id := range ids {
		args = append(args, run, table, id)
	}
	query := "INSERT IGNORE INTO dsmigrate_backup (run_id, table_name, row_id, column_name, action) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, '*', 'created'),", len(ids)), ",")
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("record %d rows created in %s: %w", len(ids), table, err)
	}
	return nil
}

// backupWholeRows copies every column of rows the run is about to delete.
func backupWholeRows(ctx context.Context, tx *sql.Tx, run int64, table string, columns []string, ids []int64) error {
	return copyToBackup(ctx, tx, run, table, "removed", columns, func(string) []int64 { return ids })
}

// applyUpdates backs up and rewrites the changed columns of a batch with one
// multi-row UPDATE (CASE id WHEN … per column) — not one UPDATE per row.
// keep lists columns the server would touch by itself (ON UPDATE
// CURRENT_TIMESTAMP): they are assigned to themselves so they stay as they are.
func applyUpdates(ctx context.Context, tx *sql.Tx, run int64, table string, keep []string, updates []rowUpdate) error {
	if len(updates) == 0 {
		return nil
	}
	byColumn := map[string][]int64{}
	for _, u := range updates {
		for c := range u.cols {
			byColumn[c] = append(byColumn[c], u.id)
		}
	}
	columns := make([]string, 0, len(byColumn))
	for c := range byColumn {
		columns = append(columns, c)
	}
	sort.Strings(columns)
	if err := copyToBackup(ctx, tx, run, table, "updated", columns, func(c string) []int64 { return byColumn[c] }); err != nil {
		return err
	}
	var set []string
	var args []any
	for _, c := range columns {
		var b strings.Builder
		fmt.Fprintf(&b, "%s = CASE %s", q(c), q("id"))
		for _, u := range updates {
			if v, ok := u.cols[c]; ok {
				b.WriteString(" WHEN ? THEN ?")
				args = append(args, u.id, v)
			}
		}
		fmt.Fprintf(&b, " ELSE %s END", q(c))
		set = append(set, b.String())
	}
	for _, c := range keep {
		set = append(set, fmt.Sprintf("%s = %s", q(c), q(c)))
	}
	ids := make([]int64, len(updates))
	for i, u := range updates {
		ids[i] = u.id
	}
	query := fmt.Sprintf("UPDATE %s SET %s WHERE %s IN (%s)", q(table), strings.Join(set, ", "), q("id"), inList(len(ids)))
	if _, err := tx.ExecContext(ctx, query, append(args, int64Args(ids)...)...); err != nil {
		return fmt.Errorf("update %d rows of %s: %w", len(updates), table, err)
	}
	return nil
}
