package ledger

import (
	"github.com/dsmigrate/dsmigrate/dialect"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schema"
)

// RollbackOptions choose what to restore.
type RollbackOptions struct {
	Run       int64 // 0: every run not rolled back yet, newest first
	BatchSize int   // backup rows per statement (default 1000)
	// Force restores rows changed since the run too, overwriting the change.
	Force bool
	// Preflight, when set, runs before the lock is taken (upgrade's check
	// that no DS service is alive).
	Preflight func(ctx context.Context, db *sql.DB, s *schema.Schema) error `json:"-"`
}

// ErrNoRun is returned for --run N when the ledger has no run N.
var ErrNoRun = errors.New("no such run")

// Rollback restores the originals runs backed up, byte-exact: updated columns
// get their original bytes back, rows a run created are deleted, rows it
// removed are inserted again with every column and the same id. Runs are
// undone newest first; a single run only when no later run that is not
// rolled back exists (its changes may build on it).
//
// Before it marks anything it checks every run it will undo (see check); a
// ledger that does not prove what would be written is refused with
// ErrUntrusted and nothing is written. Rows changed since the run are left
// alone and listed (ErrChangedSince) unless opts.Force.
func Rollback(ctx context.Context, db *sql.DB, opts RollbackOptions) (*RollbackSummary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	ctx, _, err := dialect.Bind(ctx, db)
	if err != nil {
		return nil, err
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
		if opts.Run != 0 {
			return nil, fmt.Errorf("%w: no run %d (dsmigrate has never written to %s)", ErrNoRun, opts.Run, s.Database)
		}
		return nil, fmt.Errorf("%w: dsmigrate has never written to %s", ErrNothingToRollBack, s.Database)
	}
	if opts.Preflight != nil {
		if err := opts.Preflight(ctx, db, s); err != nil {
			return nil, err
		}
	}
	lock, err := runlock.Acquire(ctx, db, s.Database)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if err := Migrate(ctx, db, lock); err != nil {
		return nil, err
	}
	if missing, err := missingTables(ctx, db, uint(len(tables))); err != nil {
		return nil, err
	} else if len(missing) > 0 {
		return nil, &UntrustedError{Problems: []string{"ledger tables missing: " + strings.Join(missing, ", ") + " (dropped by hand?)"}}
	}
	runs, err := runsToRollBack(ctx, db, opts.Run)
	if err != nil {
		return nil, err
	}
	if !s.Shape.Writable() {
		return nil, fmt.Errorf("%w: the schema is %s (%v); finish the schema change first (`dsmigrate status` says how), then roll back",
			ErrUntrusted, s.Shape, s.Reasons)
	}
	// Fence out any writer of these runs that lost its lock and does not
	// know it yet, so the ledger cannot change between check and restore.
	for _, run := range runs {
		if err := revoke(ctx, db, run); err != nil {
			return nil, err
		}
	}
	if err := revokeOthers(ctx, db, 0, "rollback"); err != nil {
		return nil, err
	}
	// Check everything before marking anything.
	plans := make([]*runPlan, len(runs))
	var problems []string
	for i, run := range runs {
		plans[i], err = check(ctx, db, s, run)
		if err != nil {
			return nil, err
		}
		problems = append(problems, plans[i].problems...)
	}
	if len(problems) > 0 {
		return nil, &UntrustedError{Problems: problems}
	}
	sum := newRollbackSummary(s, opts.Force)
	for _, p := range plans {
		if err := setState(ctx, db, p.run, StateRollingBack); err != nil {
			return nil, err
		}
		r := &restorer{db: db, s: s, plan: p, size: opts.BatchSize, force: opts.Force, sum: sum}
		skipped, err := r.restore(ctx)
		if err != nil {
			return nil, fmt.Errorf("roll back run %d (rerun `dsmigrate rollback` to finish): %w", p.run, err)
		}
		state := StateRolledBack
		if skipped > 0 {
			state = StatePartlyRolledBack
		}
		if err := setState(ctx, db, p.run, state); err != nil {
			return nil, err
		}
		sum.Runs = append(sum.Runs, p.run)
	}
	if sum.ChangedSinceTotal > 0 && !opts.Force {
		return sum, fmt.Errorf("%w: %d rows (listed) were changed after the run and keep their current values; "+
			"`dsmigrate rollback --force` overwrites them with the originals", ErrChangedSince, sum.ChangedSinceTotal)
	}
	return sum, nil
}

// UntrustedError lists why the ledger cannot be trusted.
type UntrustedError struct{ Problems []string }

func (e *UntrustedError) Error() string {
	msg := ErrUntrusted.Error() + "; nothing was written:"
	for _, p := range e.Problems {
		msg += "\n  - " + p
	}
	return msg + "\nRestore the ledger tables from your database backup, or restore the DS tables from it (see docs/runbook.md)."
}

// Unwrap makes errors.Is(err, ErrUntrusted) true.
func (e *UntrustedError) Unwrap() error { return ErrUntrusted }

func setState(ctx context.Context, db *sql.DB, run int64, state string) error {
	_, err := db.ExecContext(ctx, `UPDATE dsmigrate_run SET state = ? WHERE id = ?`, state, run)
	return wrap(err, "mark run %d %s", run, state)
}

// runsToRollBack lists the runs to undo, newest first.
func runsToRollBack(ctx context.Context, db *sql.DB, only int64) ([]int64, error) {
	if only != 0 {
		var state string
		var wrote bool
		err := db.QueryRowContext(ctx, `SELECT state, EXISTS (SELECT 1 FROM dsmigrate_backup b WHERE b.run_id = r.id) FROM dsmigrate_run r WHERE id = ?`, only).Scan(&state, &wrote)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("%w: no run %d (`dsmigrate status` lists the runs)", ErrNoRun, only)
		}
		if err != nil {
			return nil, wrap(err, "read run %d", only)
		}
		switch {
		case state == StateRolledBack:
			return nil, fmt.Errorf("%w: run %d is rolled back already", ErrNothingToRollBack, only)
		case !wrote:
			return nil, fmt.Errorf("%w: run %d changed nothing (state %s), so there is nothing of it to undo", ErrNothingToRollBack, only, state)
		}
	}
	// Runs that wrote nothing (a second, idempotent upgrade) are skipped: they
	// neither need undoing nor block undoing the run before them.
	rows, err := db.QueryContext(ctx, `SELECT r.id FROM dsmigrate_run r WHERE r.state <> ? AND r.command <> 'rollback'
  AND EXISTS (SELECT 1 FROM dsmigrate_backup b WHERE b.run_id = r.id) ORDER BY r.id DESC`, StateRolledBack)
	if err != nil {
		return nil, wrap(err, "list runs")
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(err, "list runs")
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "list runs")
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w: every run is rolled back already", ErrNothingToRollBack)
	}
	if only == 0 {
		return ids, nil
	}
	if ids[0] != only {
		return nil, fmt.Errorf("run %d is followed by run %d, which builds on it: roll that back first, or roll back all runs", only, ids[0])
	}
	return ids[:1], nil
}
