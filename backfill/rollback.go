package backfill

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schema"
)

// RollbackOptions choose what to restore.
type RollbackOptions struct {
	Run       int64 // 0: every run not rolled back yet, newest first
	BatchSize int
}

// ErrNothingToRollBack is returned when no run qualifies.
var ErrNothingToRollBack = errors.New("nothing to roll back")

// Rollback restores the originals a run backed up, byte-exact: updated
// columns get their original bytes back, rows it created are deleted, rows it
// removed are inserted again with every column and the same id. Runs are
// undone newest first; a single run can only be undone when no later run
// that is not rolled back exists (its changes may build on it).
func Rollback(ctx context.Context, db *sql.DB, opts RollbackOptions) (*Summary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	s, err := schema.Detect(ctx, db)
	if err != nil {
		return nil, err
	}
	st, err := migrations.Status(ctx, db)
	if err != nil {
		return nil, err
	}
	if st.Version == 0 {
		return nil, fmt.Errorf("%w: dsmigrate has never written to %s", ErrNothingToRollBack, s.Database)
	}
	if err := checkServicesStopped(ctx, db, s.HasTable); err != nil {
		return nil, err
	}
	lock, err := runlock.Acquire(ctx, db, s.Database)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	runs, err := runsToRollBack(ctx, db, opts.Run)
	if err != nil {
		return nil, err
	}
	sum := newSummary(string(s.Shape), false)
	for _, run := range runs {
		// Marked first: an interrupted rollback must not be resumed as an upgrade.
		if _, err := db.ExecContext(ctx, `UPDATE dsmigrate_run SET state = ? WHERE id = ?`, runRollingBack, run); err != nil {
			return nil, fmt.Errorf("mark run %d rolling back: %w", run, err)
		}
		r := &restorer{db: db, s: s, run: run, size: opts.BatchSize, sum: sum}
		if err := r.restore(ctx); err != nil {
			return nil, fmt.Errorf("roll back run %d (rerun rollback to finish): %w", run, err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE dsmigrate_run SET state = ? WHERE id = ?`, runRolledBack, run); err != nil {
			return nil, fmt.Errorf("mark run %d rolled back: %w", run, err)
		}
	}
	if len(runs) > 0 {
		last := runs[len(runs)-1]
		sum.RunID = &last
	}
	return sum, nil
}

func runsToRollBack(ctx context.Context, db *sql.DB, only int64) ([]int64, error) {
	// Runs that wrote nothing (a second, idempotent upgrade) are skipped: they
	// neither need undoing nor block undoing the run before them.
	rows, err := db.QueryContext(ctx, `SELECT r.id FROM dsmigrate_run r WHERE r.state <> ? AND r.command <> 'rollback'
  AND EXISTS (SELECT 1 FROM dsmigrate_backup b WHERE b.run_id = r.id) ORDER BY r.id DESC`, runRolledBack)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w: every run is rolled back already", ErrNothingToRollBack)
	}
	if only == 0 {
		return ids, nil
	}
	if ids[0] != only {
		for _, id := range ids {
			if id == only {
				return nil, fmt.Errorf("run %d is followed by run %d, which builds on it: roll that back first, or roll back all runs", only, ids[0])
			}
		}
		return nil, fmt.Errorf("%w: run %d does not exist or is rolled back already", ErrNothingToRollBack, only)
	}
	return ids[:1], nil
}

// restorer undoes one run.
type restorer struct {
	db   *sql.DB
	s    *schema.Schema
	run  int64
	size int
	sum  *Summary
}

func (r *restorer) restore(ctx context.Context) error {
	pairs, err := r.updatedColumns(ctx)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		if err := r.restoreColumn(ctx, p[0], p[1]); err != nil {
			return err
		}
	}
	if err := r.deleteCreated(ctx); err != nil {
		return err
	}
	return r.reinsertRemoved(ctx)
}

// updatedColumns lists the (table, column) pairs the run changed.
func (r *restorer) updatedColumns(ctx context.Context) ([][2]string, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT DISTINCT table_name, column_name FROM dsmigrate_backup WHERE run_id = ? AND action = 'updated' ORDER BY 1, 2`, r.run)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		if err := r.known(p[0], p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// known checks that a table and column named in the ledger exist in the
// detected schema: identifiers in SQL come from the schema, never from rows.
func (r *restorer) known(table, column string) error {
	l := logicalOf(r.s, table)
	if l == "" {
		return fmt.Errorf("backup names table %q, which the schema does not have (was the schema upgraded since?)", table)
	}
	if column != "*" && !contains(r.s.Columns(l), column) {
		return fmt.Errorf("backup names column %s.%s, which the schema does not have", table, column)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// restoreColumn puts the original bytes back, in batches of backup ids.
func (r *restorer) restoreColumn(ctx context.Context, table, column string) error {
	keep := ""
	for _, c := range r.s.AutoUpdated(logicalOf(r.s, table)) {
		keep += fmt.Sprintf(", t.%s = t.%s", q(c), q(c))
	}
	update := fmt.Sprintf(`UPDATE %s t JOIN dsmigrate_backup b ON b.row_id = t.id SET t.%s = b.original%s
WHERE b.run_id = ? AND b.table_name = ? AND b.column_name = ? AND b.action = 'updated' AND b.id > ? AND b.id <= ?`,
		q(table), q(column), keep)
	return r.inBatches(ctx, table, column, "updated", func(lo, hi int64) error {
		res, err := r.db.ExecContext(ctx, update, r.run, table, column, lo, hi)
		if err != nil {
			return fmt.Errorf("restore %s.%s after backup id %d: %w", table, column, lo, err)
		}
		n, _ := res.RowsAffected()
		t := r.sum.table(string(logicalOf(r.s, table)))
		t.Scanned += n
		t.Changed += n
		return nil
	})
}

// deleteCreated removes the rows the run inserted, in batches of backup ids.
func (r *restorer) deleteCreated(ctx context.Context) error {
	rows, err := r.db.QueryContext(ctx, `SELECT DISTINCT table_name FROM dsmigrate_backup WHERE run_id = ? AND action = 'created'`, r.run)
	if err != nil {
		return fmt.Errorf("list tables with created rows: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("list tables with created rows: %w", err)
		}
		tables = append(tables, t)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("list tables with created rows: %w", err)
	}
	for _, table := range tables {
		if err := r.known(table, "*"); err != nil {
			return err
		}
		del := fmt.Sprintf(`DELETE t FROM %s t JOIN dsmigrate_backup b ON b.row_id = t.id
WHERE b.run_id = ? AND b.table_name = ? AND b.action = 'created' AND b.id > ? AND b.id <= ?`, q(table))
		err := r.inBatches(ctx, table, "*", "created", func(lo, hi int64) error {
			res, err := r.db.ExecContext(ctx, del, r.run, table, lo, hi)
			if err != nil {
				return fmt.Errorf("delete rows created in %s: %w", table, err)
			}
			n, _ := res.RowsAffected()
			r.sum.table(string(logicalOf(r.s, table))).Changed += n
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// inBatches walks the backup ids of one (table, column, action) of the run in
// ranges of r.size and calls fn(lo, hi] for each.
func (r *restorer) inBatches(ctx context.Context, table, column, action string, fn func(lo, hi int64) error) error {
	var last int64
	for {
		var hi sql.NullInt64
		err := r.db.QueryRowContext(ctx, `SELECT MAX(id) FROM (SELECT id FROM dsmigrate_backup WHERE run_id = ? AND table_name = ? AND column_name = ? AND action = ? AND id > ? ORDER BY id LIMIT ?) x`,
			r.run, table, column, action, last, r.size).Scan(&hi)
		if err != nil {
			return fmt.Errorf("backup of %s.%s after id %d: %w", table, column, last, err)
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
	table string
	id    int64
	cols  []string
	vals  []any
}

// reinsertRemoved puts back, with every column, the rows the run deleted. It
// streams the backup row by row: memory holds one removed row at a time.
func (r *restorer) reinsertRemoved(ctx context.Context) error {
	rows, err := r.db.QueryContext(ctx, `SELECT table_name, row_id, column_name, original FROM dsmigrate_backup
WHERE run_id = ? AND action = 'removed' ORDER BY table_name, row_id, column_name`, r.run)
	if err != nil {
		return fmt.Errorf("read removed rows: %w", err)
	}
	defer rows.Close()
	var cur *removedRow
	for rows.Next() {
		var table, column string
		var id int64
		var original []byte
		if err := rows.Scan(&table, &id, &column, &original); err != nil {
			return fmt.Errorf("read removed rows: %w", err)
		}
		if cur == nil || cur.table != table || cur.id != id {
			if err := r.putBack(ctx, cur); err != nil {
				return err
			}
			cur = &removedRow{table: table, id: id}
		}
		cur.cols = append(cur.cols, column)
		if original == nil {
			cur.vals = append(cur.vals, nil)
		} else {
			cur.vals = append(cur.vals, original)
		}
	}
	// A read cut short must not pass for "everything put back".
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read removed rows: %w", err)
	}
	return r.putBack(ctx, cur)
}

// putBack inserts one removed row unless an earlier, interrupted rollback
// already did.
func (r *restorer) putBack(ctx context.Context, rm *removedRow) error {
	if rm == nil {
		return nil
	}
	for _, c := range rm.cols {
		if err := r.known(rm.table, c); err != nil {
			return err
		}
	}
	var exists int
	if err := r.db.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE id = ?", q(rm.table)), rm.id).Scan(&exists); err != nil {
		return fmt.Errorf("put back %s row %d: %w", rm.table, rm.id, err)
	}
	if exists > 0 {
		return nil
	}
	query := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", q(rm.table), quoteAll(rm.cols), placeholders(1, len(rm.cols)))
	if _, err := r.db.ExecContext(ctx, query, rm.vals...); err != nil {
		return fmt.Errorf("put back %s row %d: %w", rm.table, rm.id, err)
	}
	r.sum.table(string(logicalOf(r.s, rm.table))).Changed++
	return nil
}
