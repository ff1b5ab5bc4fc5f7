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
		var pairs []idValue
		for _, u := range updates {
			if v, ok := u.cols[c]; ok {
				pairs = append(pairs, idValue{u.id, v})
			}
		}
		expr, a := caseByID(c, pairs)
		set = append(set, q(c)+" = "+expr)
		args = append(args, a...)
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

// idValue is one row's new value of a column.
type idValue struct {
	id int64
	v  any
}

// caseGroup is how many WHEN … THEN a CASE tests before it narrows by range.
const caseGroup = 32

// caseByID is the expression giving column c of each row in pairs its new
// value (and every other row its own). The server tests a CASE's WHENs one
// after another, so a flat CASE over n rows costs n²/2 comparisons per
// statement; rows are grouped by id range (CASE WHEN id <= last of group
// THEN CASE id WHEN … END …), which costs about n·(n/caseGroup + caseGroup).
func caseByID(c string, pairs []idValue) (string, []any) {
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].id < pairs[j].id })
	args := make([]any, 0, 2*len(pairs)+len(pairs)/caseGroup+1)
	var b strings.Builder
	flat := func(group []idValue) {
		b.WriteString("CASE " + q("id"))
		for _, p := range group {
			b.WriteString(" WHEN ? THEN ?")
			args = append(args, p.id, p.v)
		}
		b.WriteString(" ELSE " + q(c) + " END")
	}
	if len(pairs) <= caseGroup {
		flat(pairs)
		return b.String(), args
	}
	b.WriteString("CASE")
	for lo := 0; lo < len(pairs); lo += caseGroup {
		group := pairs[lo:min(lo+caseGroup, len(pairs))]
		b.WriteString(" WHEN " + q("id") + " <= ? THEN ")
		args = append(args, group[len(group)-1].id)
		flat(group)
	}
	b.WriteString(" ELSE " + q(c) + " END")
	return b.String(), args
}
