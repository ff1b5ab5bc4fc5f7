package ledger

import (
	"github.com/dsmigrate/dsmigrate/dialect"

	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Run is a run this process owns: its id and the owner token it took.
type Run struct {
	ID      int64
	Resumed bool
	token   string
}

// Start resumes the newest interrupted run of the same command (the caller
// holds the run lock, so that run's process lost it) or inserts a new one,
// and takes a fresh owner token for it: from then on, batch transactions of
// any earlier owner fail their fence and roll back.
//
// lock, when not nil, is the run lock this process holds: it is checked
// right before the takeover, so a process that lost its lock (and does not
// know it yet) does not take the run from the one that holds it now.
func Start(ctx context.Context, db *sql.DB, lock Lock, command, shape, version string, opts any) (*Run, error) {
	ctx, _, err := dialect.Bind(ctx, db)
	if err != nil {
		return nil, err
	}
	if err := RefuseUnfinishedRollback(ctx, db); err != nil {
		return nil, err
	}
	r := &Run{}
	var stored sql.NullString
	err = db.QueryRowContext(ctx,
		`SELECT id, options FROM dsmigrate_run WHERE command = ? AND state = ? ORDER BY id DESC LIMIT 1`, command, StateRunning).Scan(&r.ID, &stored)
	switch {
	case err == nil:
		if err := sameOrphanPolicy(r.ID, stored.String, opts); err != nil {
			return nil, err
		}
		if _, err := db.ExecContext(ctx, `UPDATE dsmigrate_run SET started_by = ? WHERE id = ?`, whoAmI(), r.ID); err != nil {
			return nil, wrap(err, "resume run %d", r.ID)
		}
		r.Resumed = true
	case errors.Is(err, sql.ErrNoRows):
		raw, err := json.Marshal(opts)
		if err != nil {
			return nil, fmt.Errorf("ledger: record options: %w", err)
		}
		r.ID, err = dia(ctx).InsertID(ctx, db,
			`INSERT INTO dsmigrate_run (command, state, shape, tool_version, started_by, options, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			command, StateRunning, shape, version, whoAmI(), string(raw), time.Now().UTC())
		if err != nil {
			return nil, fmt.Errorf("ledger: start run: %w", err)
		}
	default:
		return nil, fmt.Errorf("ledger: find interrupted run: %w", err)
	}
	if lock != nil {
		if err := lock.Alive(ctx); err != nil {
			return nil, fmt.Errorf("%w (%v)", ErrFenced, err)
		}
	}
	if err := revokeOthers(ctx, db, r.ID, command); err != nil {
		return nil, err
	}
	return r, r.takeOwnership(ctx, db)
}

// Lock is the run lock as Start needs it (*runlock.Lock).
type Lock interface {
	Alive(ctx context.Context) error
}

// takeOwnership gives the run a new owner token. The UPDATE waits for a
// batch transaction of the previous owner that holds the owner row, so that
// batch either committed before (and its checkpoint is seen) or fails its
// fence after.
func (r *Run) takeOwnership(ctx context.Context, db *sql.DB) error {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Errorf("ledger: owner token: %w", err)
	}
	r.token = hex.EncodeToString(b[:])
	// counts = 1 only when the run's backup counts are complete: a run an
	// older dsmigrate started (backups, no owner row) cannot be counted.
	d := dia(ctx)
	_, err := db.ExecContext(ctx, d.Upsert(`INSERT INTO dsmigrate_run_owner (run_id, token, taken_by, taken_at, counts)
SELECT ?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM dsmigrate_backup WHERE run_id = ?) THEN 0 ELSE 1 END`, "run_id",
		"token = "+d.Excluded("token"), "taken_by = "+d.Excluded("taken_by"), "taken_at = "+d.Excluded("taken_at")),
		r.ID, r.token, whoAmI(), time.Now().UTC(), r.ID)
	return wrap(err, "take ownership of run %d", r.ID)
}

// revoke gives run a token no process holds, waiting for a batch
// transaction in flight; a run without an owner row has no fenced writer.
func revoke(ctx context.Context, db *sql.DB, run int64) error {
	_, err := db.ExecContext(ctx, `UPDATE dsmigrate_run_owner SET token = ?, taken_by = ?, taken_at = ? WHERE run_id = ?`,
		"revoked-by-rollback", whoAmI(), time.Now().UTC(), run)
	return wrap(err, "revoke ownership of run %d", run)
}

// Fence proves, inside the caller's transaction, that this process still
// owns the run. It must be the first statement of every batch transaction:
// it holds the owner row until the commit, so a takeover waits for it. On
// ErrFenced the caller rolls back and stops.
func (r *Run) Fence(ctx context.Context, tx *sql.Tx) error {
	res, err := tx.ExecContext(ctx, `UPDATE dsmigrate_run_owner SET batches = batches + 1 WHERE run_id = ? AND token = ?`, r.ID, r.token)
	if err != nil {
		return wrap(err, "fence run %d", r.ID)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("%w: run %d now belongs to another process (this one lost its run lock); it stopped before writing this batch — see `dsmigrate status`",
			ErrFenced, r.ID)
	}
	return nil
}

// Finish records the final state and summary of the run, fenced.
func (r *Run) Finish(ctx context.Context, db *sql.DB, state string, summary any) error {
	raw, err := json.Marshal(summary)
	if err != nil {
		return fmt.Errorf("ledger: record summary of run %d: %w", r.ID, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err, "finish run %d", r.ID)
	}
	defer tx.Rollback()
	if err := r.Fence(ctx, tx); err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, `UPDATE dsmigrate_run SET state = ?, finished_at = ?, summary = ? WHERE id = ?`,
		state, time.Now().UTC(), string(raw), r.ID); err != nil {
		return wrap(err, "finish run %d", r.ID)
	}
	return wrap(tx.Commit(), "finish run %d", r.ID)
}

// sameOrphanPolicy refuses to resume a run under a different --orphans: one
// run would otherwise mix both policies without a trace.
func sameOrphanPolicy(run int64, stored string, opts any) error {
	var before, now struct{ Orphans, ServerTimezone string }
	raw, err := json.Marshal(opts)
	if err != nil || stored == "" || json.Unmarshal([]byte(stored), &before) != nil || json.Unmarshal(raw, &now) != nil {
		return nil // nothing comparable recorded
	}
	if before.Orphans != now.Orphans {
		return fmt.Errorf("interrupted run %d was started with --orphans=%s: resume it with the same flag, or roll it back first",
			run, before.Orphans)
	}
	if before.ServerTimezone != now.ServerTimezone {
		return fmt.Errorf("interrupted run %d computed complement dates in server time zone %q: resume it with --server-timezone %q, or roll it back first",
			run, zoneName(before.ServerTimezone), zoneName(before.ServerTimezone))
	}
	return nil
}

// Checkpoint is where a run stands in one table (dsmigrate_checkpoint).
type Checkpoint struct {
	LastID  int64
	Scanned int64
	Changed int64
	Refused int64
	Done    bool
}

// ReadCheckpoint returns a table's checkpoint in a run (zero when none).
func ReadCheckpoint(ctx context.Context, db *sql.DB, run int64, table string) (Checkpoint, error) {
	var c Checkpoint
	err := db.QueryRowContext(ctx,
		`SELECT last_id, scanned, changed, refused, done FROM dsmigrate_checkpoint WHERE run_id = ? AND table_name = ?`,
		run, table).Scan(&c.LastID, &c.Scanned, &c.Changed, &c.Refused, &c.Done)
	if errors.Is(err, sql.ErrNoRows) {
		return Checkpoint{}, nil
	}
	return c, wrap(err, "read checkpoint of %s", table)
}

// SaveCheckpoint writes a checkpoint inside the batch transaction.
func SaveCheckpoint(ctx context.Context, tx *sql.Tx, run int64, table string, c Checkpoint) error {
	d := dia(ctx)
	set := make([]string, 0, 6)
	for _, col := range []string{"last_id", "scanned", "changed", "refused", "done", "updated_at"} {
		set = append(set, col+" = "+d.Excluded(col))
	}
	done := 0
	if c.Done {
		done = 1
	}
	_, err := tx.ExecContext(ctx, d.Upsert(`INSERT INTO dsmigrate_checkpoint (run_id, table_name, last_id, scanned, changed, refused, done, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, "run_id, table_name", set...),
		run, table, c.LastID, c.Scanned, c.Changed, c.Refused, done, time.Now().UTC())
	return wrap(err, "save checkpoint of %s", table)
}

func zoneName(z string) string {
	if z == "" {
		return "UTC"
	}
	return z
}
