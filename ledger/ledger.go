// Package ledger is dsmigrate's record of what it wrote, and the only code
// that trusts or writes it: runs and their owner tokens (fencing),
// checkpoints, backups of every original, the rows a run created, checksums
// of what it wrote, rollback and status. Upgrade (backfill), repair and
// rollback go through its small API, so the safety rules live in one place:
//
//   - ledger migrations run only under the run lock and only upward (Migrate);
//   - every batch transaction proves it still owns its run (Run.Fence);
//   - rollback writes only the (table, column) pairs dsmigrate changes, checks
//     every original's checksum and the counts recorded with each batch
//     before it marks anything, and leaves rows changed since the run alone
//     unless forced.
//
// Identifiers in SQL come from the detected schema only; ledger text is only
// ever compared as a value.
package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/dsmigrate/dsmigrate/dialect"
	"github.com/dsmigrate/dsmigrate/dialect/mysql"
	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/migrations"
)

// Run states in dsmigrate_run.state.
const (
	StateRunning    = "running"
	StateDone       = "done"
	StateFailed     = "failed"
	StateRolledBack = "rolled_back"
	// StateRollingBack marks a run whose rollback started: upgrade and repair
	// refuse to start until `dsmigrate rollback` finished it.
	StateRollingBack = "rolling_back"
	// StatePartlyRolledBack marks a run rolled back except rows changed
	// since; `dsmigrate rollback --force` restores those too.
	StatePartlyRolledBack = "part_rolled_back" // dsmigrate_run.state holds 16 characters
)

// Errors callers map to exit codes.
var (
	// ErrRollbackUnfinished: a rollback was interrupted or left rows (exit 1).
	ErrRollbackUnfinished = errors.New("a rollback is unfinished")
	// ErrFenced: another process took the run over; this one wrote nothing
	// more (exit 3, like a held lock).
	ErrFenced = errors.New("this run was taken over by another dsmigrate process")
	// ErrNothingToRollBack: no run qualifies (exit 1).
	ErrNothingToRollBack = errors.New("nothing to roll back")
	// ErrUntrusted: the ledger does not prove what rollback would write; it
	// wrote nothing (exit 1).
	ErrUntrusted = errors.New("rollback refused: the ledger cannot be trusted")
	// ErrChangedSince: rows changed since the run were left as they are and
	// listed (exit 1).
	ErrChangedSince = errors.New("rows changed since the run were not restored")
)

// Migrate applies pending ledger migrations, only upward. Call it while
// holding the run lock (internal/runlock): two processes never migrate at
// once, and a binary older than the ledger refuses (migrations.ErrNewer).
//
// lock, when not nil, is checked before each file: a process that lost its
// lock stops (ErrFenced) instead of migrating beside the one that took it.
// The one that took it retries while such a process finishes its last step
// (every file is safe to run twice).
func Migrate(ctx context.Context, db *sql.DB, lock Lock) error {
	alive := func(migrations.File) error { return nil }
	if lock != nil {
		alive = func(migrations.File) error { return lock.Alive(ctx) }
	}
	var err error
	for try := 0; try < 5; try++ {
		if err = migrations.Ledger.Up(ctx, db, alive); err == nil || errors.Is(err, migrations.ErrNewer) || errors.Is(err, migrations.ErrChecksum) {
			return err
		}
		if lock != nil {
			if lerr := lock.Alive(ctx); lerr != nil {
				return fmt.Errorf("%w (%v) while migrating the ledger: %v", ErrFenced, lerr, err)
			}
		}
		time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
	}
	return err
}

// RefuseUnfinishedRollback stops upgrade and repair while a rollback is
// interrupted or left rows behind.
func RefuseUnfinishedRollback(ctx context.Context, db *sql.DB) error {
	var id int64
	var state string
	err := db.QueryRowContext(ctx, `SELECT id, state FROM dsmigrate_run WHERE state IN (?, ?) ORDER BY id LIMIT 1`,
		StateRollingBack, StatePartlyRolledBack).Scan(&id, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("ledger: look for interrupted rollbacks: %w", err)
	}
	if state == StatePartlyRolledBack {
		return fmt.Errorf("%w: run %d is rolled back except rows changed since it; `dsmigrate rollback --run %d --force` restores those too (see docs/runbook.md)",
			ErrRollbackUnfinished, id, id)
	}
	return fmt.Errorf("%w: run %d is half rolled back; run `dsmigrate rollback` again to finish it", ErrRollbackUnfinished, id)
}

func whoAmI() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("ledger: "+format+": %w", append(args, err)...)
}

// dia is the dialect the caller's entry point put in ctx (dialect.Bind);
// MySQL/MariaDB when none. Statements are written with ? and backticks: pools
// on PostgreSQL rebind them (dialect/postgres.OpenDB).
func dia(ctx context.Context) dialect.Dialect {
	if d := dialect.FromContext(ctx); d != nil {
		return d
	}
	return mysql.Dialect{}
}

// q quotes an identifier taken from the detected schema.
func q(ident string) string { return keyset.Quote(ident) }

func inList(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, 0, 2*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
