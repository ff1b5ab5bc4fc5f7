package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
)

// restorer undoes one checked run. Identifiers come from the plan's
// resolved targets (the detected schema); ledger names are only values.
type restorer struct {
	db    *sql.DB
	s     *schema.Schema
	plan  *runPlan
	size  int
	force bool
	sum   *RollbackSummary
	types map[string]string // "table.column" → SQL type (dialect ColumnType)
}

// restore undoes the run and returns how many rows it left alone because
// they changed since the run.
func (r *restorer) restore(ctx context.Context) (int64, error) {
	changed, err := r.changedSince(ctx)
	if err != nil {
		return 0, err
	}
	var skipped int64
	for _, t := range r.plan.updated {
		keep := changed[t.table]
		if r.force {
			keep = nil
		}
		if err := r.restoreColumn(ctx, t, keep); err != nil {
			return 0, err
		}
	}
	seen := map[string]bool{}
	for _, t := range r.plan.updated {
		if seen[t.table] {
			continue
		}
		seen[t.table] = true
		var n int64
		if !r.force {
			n = int64(len(changed[t.table]))
			skipped += n
		}
		restored, err := r.countRestored(ctx, t.table, n)
		if err != nil {
			return 0, err
		}
		r.sum.table(t.logical).Restored += restored
	}
	for _, t := range r.plan.created {
		if err := r.deleteCreated(ctx, t); err != nil {
			return 0, err
		}
	}
	if err := r.reinsertRemoved(ctx); err != nil {
		return 0, err
	}
	return skipped, nil
}

// changedSince finds, per ledger table name, the rows of which any column
// the run updated now holds neither what the run wrote nor the original
// (an interrupted rollback may have restored it already).
func (r *restorer) changedSince(ctx context.Context) (map[string]map[int64]bool, error) {
	out := map[string]map[int64]bool{}
	d := dia(ctx)
	for _, t := range r.plan.updated {
		now := d.Checksum("t." + q(t.physColumn))
		query := fmt.Sprintf(`SELECT b.row_id FROM dsmigrate_backup b
JOIN dsmigrate_written w ON w.run_id = b.run_id AND w.table_name = b.table_name AND w.row_id = b.row_id AND w.column_name = b.column_name
JOIN %s t ON t.%s = b.row_id
WHERE b.run_id = ? AND b.table_name = ? AND b.column_name = ? AND b.action = ?
  AND NOT (%s) AND NOT (%s) ORDER BY b.row_id`,
			q(t.physTable), q("id"), d.NullSafeEqual(now, "w.checksum"), d.NullSafeEqual(now, "b.checksum"))
		rows, err := r.db.QueryContext(ctx, query, r.plan.run, t.table, t.column, ActionUpdated)
		if err != nil {
			return nil, wrap(err, "compare %s.%s with what run %d wrote", t.physTable, t.physColumn, r.plan.run)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, wrap(err, "compare %s.%s", t.physTable, t.physColumn)
			}
			if out[t.table] == nil {
				out[t.table] = map[int64]bool{}
			}
			if !out[t.table][id] {
				out[t.table][id] = true
				r.sum.changed(ChangedRow{Run: r.plan.run, Table: t.physTable, ID: id})
			}
			r.sum.addColumn(r.plan.run, t.physTable, id, t.physColumn)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, wrap(err, "compare %s.%s", t.physTable, t.physColumn)
		}
		rows.Close()
	}
	return out, nil
}

// countRestored counts the rows of a table whose columns went back.
func (r *restorer) countRestored(ctx context.Context, table string, skipped int64) (int64, error) {
	var n int64
	err := r.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT row_id) FROM dsmigrate_backup WHERE run_id = ? AND table_name = ? AND action = ?`,
		r.plan.run, table, ActionUpdated).Scan(&n)
	return n - skipped, wrap(err, "count restored rows of %s", table)
}

// restoreColumn puts the original bytes back, in batches of backup ids,
// except in the rows of skip.
func (r *restorer) restoreColumn(ctx context.Context, t target, skip map[int64]bool) error {
	d := dia(ctx)
	typ, err := d.ColumnType(ctx, r.db, t.physTable, t.physColumn)
	if err != nil {
		return wrap(err, "restore %s.%s", t.physTable, t.physColumn)
	}
	sets := [][2]string{{q(t.physColumn), d.FromOriginal("b.original", typ)}}
	for _, c := range r.s.AutoUpdated(t.logical) {
		sets = append(sets, [2]string{q(c), "t." + q(c)})
	}
	update := d.UpdateFrom(q(t.physTable), "t", sets, "dsmigrate_backup b", "b.row_id = t."+q("id"),
		"b.run_id = ? AND b.table_name = ? AND b.column_name = ? AND b.action = ? AND ")
	return r.inBatches(ctx, t.table, t.column, ActionUpdated, func(lo, hi int64) error {
		cond, args := "b.id > ? AND b.id <= ?", []any{lo, hi}
		if len(skip) > 0 {
			ids, err := r.backupIDs(ctx, t, lo, hi, skip)
			if err != nil || len(ids) == 0 {
				return err
			}
			cond, args = "b.id IN ("+inList(len(ids))+")", int64Args(ids)
		}
		_, err := r.db.ExecContext(ctx, update+cond, append([]any{r.plan.run, t.table, t.column, ActionUpdated}, args...)...)
		return wrap(err, "restore %s.%s after backup id %d", t.physTable, t.physColumn, lo)
	})
}

// backupIDs lists the backup ids in (lo, hi] of target t whose rows are not
// in skip.
func (r *restorer) backupIDs(ctx context.Context, t target, lo, hi int64, skip map[int64]bool) ([]int64, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT id, row_id FROM dsmigrate_backup WHERE run_id = ? AND table_name = ? AND column_name = ? AND action = ? AND id > ? AND id <= ?`,
		r.plan.run, t.table, t.column, ActionUpdated, lo, hi)
	if err != nil {
		return nil, wrap(err, "read backup of %s.%s", t.table, t.column)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id, row int64
		if err := rows.Scan(&id, &row); err != nil {
			return nil, wrap(err, "read backup of %s.%s", t.table, t.column)
		}
		if !skip[row] {
			out = append(out, id)
		}
	}
	return out, wrap(rows.Err(), "read backup of %s.%s", t.table, t.column)
}

// deleteCreated removes the rows the run inserted, in batches of backup ids.
func (r *restorer) deleteCreated(ctx context.Context, t target) error {
	del := dia(ctx).DeleteUsing(q(t.physTable), "t", "dsmigrate_backup b", "b.row_id = t."+q("id"),
		"b.run_id = ? AND b.table_name = ? AND b.action = ? AND b.id > ? AND b.id <= ?")
	return r.inBatches(ctx, t.table, "*", ActionCreated, func(lo, hi int64) error {
		res, err := r.db.ExecContext(ctx, del, r.plan.run, t.table, ActionCreated, lo, hi)
		if err != nil {
			return wrap(err, "delete rows created in %s", t.physTable)
		}
		n, _ := res.RowsAffected()
		r.sum.table(t.logical).Deleted += n
		return nil
	})
}

// inBatches walks the backup ids of one (table, column, action) of the run in
// ranges of r.size and calls fn(lo, hi] for each.
func (r *restorer) inBatches(ctx context.Context, table, column, action string, fn func(lo, hi int64) error) error {
	var last int64
	for {
		var hi sql.NullInt64
		err := r.db.QueryRowContext(ctx, `SELECT MAX(id) FROM (SELECT id FROM dsmigrate_backup WHERE run_id = ? AND table_name = ? AND column_name = ? AND action = ? AND id > ? ORDER BY id LIMIT ?) x`,
			r.plan.run, table, column, action, last, r.size).Scan(&hi)
		if err != nil {
			return wrap(err, "backup of %s.%s after id %d", table, column, last)
		}
		if !hi.Valid {
			return nil
		}
		if err := fn(last, hi.Int64); err != nil {
			return err
		}
		last = hi.Int64
	}
}

// removedRow is one row the run deleted, rebuilt from its backup.
type removedRow struct {
	t        target
	id       int64
	cols     []string // quoted
	physCols []string
	vals     []any
}

// reinsertRemoved puts back, with every column, the rows the run deleted. It
// streams the backup row by row: memory holds one removed row at a time.
func (r *restorer) reinsertRemoved(ctx context.Context) error {
	if len(r.plan.removed) == 0 {
		return nil
	}
	columns := map[[2]string]target{}
	for _, t := range r.plan.removed {
		columns[[2]string{t.table, t.column}] = t
	}
	rows, err := r.db.QueryContext(ctx, `SELECT table_name, row_id, column_name, original FROM dsmigrate_backup
WHERE run_id = ? AND action = ? ORDER BY table_name, row_id, column_name`, r.plan.run, ActionRemoved)
	if err != nil {
		return wrap(err, "read removed rows")
	}
	defer rows.Close()
	var cur *removedRow
	for rows.Next() {
		var table, column string
		var id int64
		var original []byte
		if err := rows.Scan(&table, &id, &column, &original); err != nil {
			return wrap(err, "read removed rows")
		}
		t, ok := columns[[2]string{table, column}]
		if !ok {
			return fmt.Errorf("ledger: removed row %s %d: column %s was not checked", table, id, column)
		}
		if cur == nil || cur.t.table != table || cur.id != id {
			if err := r.putBack(ctx, cur); err != nil {
				return err
			}
			cur = &removedRow{t: t, id: id}
		}
		if t.physColumn == "" {
			continue // a column the current shape dropped
		}
		cur.cols = append(cur.cols, q(t.physColumn))
		cur.physCols = append(cur.physCols, t.physColumn)
		if original == nil {
			cur.vals = append(cur.vals, nil)
		} else {
			cur.vals = append(cur.vals, original)
		}
	}
	// A read cut short must not pass for "everything put back".
	if err := rows.Err(); err != nil {
		return wrap(err, "read removed rows")
	}
	return r.putBack(ctx, cur)
}

// fromOriginals is the VALUES list of a removed row: each placeholder turned
// from the stored original bytes into its column's type.
func (r *restorer) fromOriginals(ctx context.Context, rm *removedRow) (string, error) {
	d := dia(ctx)
	out := make([]string, len(rm.cols))
	for i, c := range rm.physCols {
		key := rm.t.physTable + "." + c
		typ, ok := r.types[key]
		if !ok {
			var err error
			if typ, err = d.ColumnType(ctx, r.db, rm.t.physTable, c); err != nil {
				return "", wrap(err, "put back %s row %d", rm.t.physTable, rm.id)
			}
			if r.types == nil {
				r.types = map[string]string{}
			}
			r.types[key] = typ
		}
		out[i] = d.FromOriginal("?", typ)
	}
	return strings.Join(out, ", "), nil
}

// putBack inserts one removed row unless an earlier, interrupted rollback
// already did.
func (r *restorer) putBack(ctx context.Context, rm *removedRow) error {
	if rm == nil || len(rm.cols) == 0 {
		return nil
	}
	var exists int
	if err := r.db.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE %s = ?", q(rm.t.physTable), q("id")), rm.id).Scan(&exists); err != nil {
		return wrap(err, "put back %s row %d", rm.t.physTable, rm.id)
	}
	if exists > 0 {
		return nil
	}
	values, err := r.fromOriginals(ctx, rm)
	if err != nil {
		return err
	}
	query := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", q(rm.t.physTable), strings.Join(rm.cols, ", "), values)
	if _, err := r.db.ExecContext(ctx, query, rm.vals...); err != nil {
		return wrap(err, "put back %s row %d", rm.t.physTable, rm.id)
	}
	// The id was explicit: DS's next insert must not draw it (PostgreSQL
	// sequences do not follow explicit ids).
	if err := dia(ctx).SyncSequence(ctx, r.db, rm.t.physTable, "id"); err != nil {
		return wrap(err, "put back %s row %d", rm.t.physTable, rm.id)
	}
	r.sum.table(rm.t.logical).Reinserted++
	return nil
}
