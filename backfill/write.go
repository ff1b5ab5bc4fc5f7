package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/dsmigrate/dsmigrate/ledger"
)

// rowUpdate holds the new values of one row of the scanned table.
type rowUpdate struct {
	id   int64
	cols map[string]any // physical column → new value; nil writes NULL
}

// backupColumns backs up one column of the rows ids before they change.
func backupColumns(ctx context.Context, tx *sql.Tx, run int64, table, column string, ids []int64) error {
	return ledger.Backup(ctx, tx, run, table, ledger.ActionUpdated, []string{column}, func(string) []int64 { return ids })
}

// recordCreated notes rows the run inserted, so rollback deletes them.
func recordCreated(ctx context.Context, tx *sql.Tx, run int64, table string, ids []int64) error {
	return ledger.RecordCreated(ctx, tx, run, table, ids)
}

// backupWholeRows copies every column of rows the run is about to delete.
func backupWholeRows(ctx context.Context, tx *sql.Tx, run int64, table string, columns []string, ids []int64) error {
	return ledger.Backup(ctx, tx, run, table, ledger.ActionRemoved, columns, func(string) []int64 { return ids })
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
	idsOf := func(c string) []int64 { return byColumn[c] }
	if err := ledger.Backup(ctx, tx, run, table, ledger.ActionUpdated, columns, idsOf); err != nil {
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
	return ledger.RecordWritten(ctx, tx, run, table, columns, idsOf)
}
