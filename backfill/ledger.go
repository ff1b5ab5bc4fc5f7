package backfill

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// Run states in dsmigrate_run.state.
const (
	runRunning    = "running"
	runDone       = "done"
	runFailed     = "failed"
	runRolledBack = "rolled_back"
	// runRollingBack marks a run whose rollback started: upgrade and repair
	// refuse to start until `dsmigrate rollback` finished it.
	runRollingBack = "rolling_back"
)

// ErrRollbackUnfinished is returned when a rollback was interrupted.
var ErrRollbackUnfinished = errors.New("a rollback was interrupted")

// refuseUnfinishedRollback stops upgrade and repair after an interrupted rollback.
func refuseUnfinishedRollback(ctx context.Context, db *sql.DB) error {
	var id int64
	err := db.QueryRowContext(ctx, `SELECT id FROM dsmigrate_run WHERE state = ? ORDER BY id LIMIT 1`, runRollingBack).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("ledger: look for interrupted rollbacks: %w", err)
	}
	return fmt.Errorf("%w: run %d is half rolled back; run `dsmigrate rollback` again to finish it", ErrRollbackUnfinished, id)
}

// checkpoint is where a run stands in one table (dsmigrate_checkpoint).
type checkpoint struct {
	LastID  int64
	Scanned int64
	Changed int64
	Refused int64
	Done    bool
}

// startRun resumes the newest interrupted run of the same command (we hold
// the lock, so its process is gone) or inserts a new one.
func startRun(ctx context.Context, db *sql.DB, command, shape, version string, opts any) (id int64, resumed bool, err error) {
	if err := refuseUnfinishedRollback(ctx, db); err != nil {
		return 0, false, err
	}
	var stored sql.NullString
	err = db.QueryRowContext(ctx,
		`SELECT id, options FROM dsmigrate_run WHERE command = ? AND state = ? ORDER BY id DESC LIMIT 1`, command, runRunning).Scan(&id, &stored)
	if err == nil {
		if err := sameOrphanPolicy(id, stored.String, opts); err != nil {
			return 0, false, err
		}
		_, err = db.ExecContext(ctx, `UPDATE dsmigrate_run SET started_by = ? WHERE id = ?`, whoAmI(), id)
		return id, true, wrap(err, "resume run %d", id)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("ledger: find interrupted run: %w", err)
	}
	raw, err := json.Marshal(opts)
	if err != nil {
		return 0, false, fmt.Errorf("ledger: record options: %w", err)
	}
	res, err := db.ExecContext(ctx,
		`INSERT INTO dsmigrate_run (command, state, shape, tool_version, started_by, options, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		command, runRunning, shape, version, whoAmI(), string(raw), time.Now().UTC())
	if err != nil {
		return 0, false, fmt.Errorf("ledger: start run: %w", err)
	}
	id, err = res.LastInsertId()
	return id, false, wrap(err, "start run")
}

// finishRun records the final state and summary of a run.
func finishRun(ctx context.Context, db *sql.DB, id int64, state string, summary any) error {
	raw, err := json.Marshal(summary)
	if err != nil {
		return fmt.Errorf("ledger: record summary of run %d: %w", id, err)
	}
	_, err = db.ExecContext(ctx,
		`UPDATE dsmigrate_run SET state = ?, finished_at = ?, summary = ? WHERE id = ?`,
		state, time.Now().UTC(), string(raw), id)
	return wrap(err, "finish run %d", id)
}

// sameOrphanPolicy refuses to resume a run under a different --orphans: one
// run would otherwise mix both policies without a trace.
func sameOrphanPolicy(run int64, stored string, opts any) error {
	var before, now struct{ Orphans string }
	raw, err := json.Marshal(opts)
	if err != nil || stored == "" || json.Unmarshal([]byte(stored), &before) != nil || json.Unmarshal(raw, &now) != nil {
		return nil // nothing comparable recorded
	}
	if before.Orphans != now.Orphans {
		return fmt.Errorf("interrupted run %d was started with --orphans=%s: resume it with the same flag, or roll it back first",
			run, before.Orphans)
	}
	return nil
}

func whoAmI() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

// readCheckpoint returns a table's checkpoint in a run (zero when none).
func readCheckpoint(ctx context.Context, db *sql.DB, run int64, table string) (checkpoint, error) {
	var c checkpoint
	err := db.QueryRowContext(ctx,
		`SELECT last_id, scanned, changed, refused, done FROM dsmigrate_checkpoint WHERE run_id = ? AND table_name = ?`,
		run, table).Scan(&c.LastID, &c.Scanned, &c.Changed, &c.Refused, &c.Done)
	if errors.Is(err, sql.ErrNoRows) {
		return checkpoint{}, nil
	}
	return c, wrap(err, "read checkpoint of %s", table)
}

// saveCheckpoint writes a checkpoint inside the batch transaction.
func saveCheckpoint(ctx context.Context, tx *sql.Tx, run int64, table string, c checkpoint) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO dsmigrate_checkpoint (run_id, table_name, last_id, scanned, changed, refused, done, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON DUPLICATE KEY UPDATE last_id = VALUES(last_id), scanned = VALUES(scanned), changed = VALUES(changed),
  refused = VALUES(refused), done = VALUES(done), updated_at = VALUES(updated_at)`,
		run, table, c.LastID, c.Scanned, c.Changed, c.Refused, c.Done, time.Now().UTC())
	return wrap(err, "save checkpoint of %s", table)
}

// saveRefused records refused rows inside the batch transaction.
func saveRefused(ctx context.Context, tx *sql.Tx, run int64, refused []Refusal) error {
	if len(refused) == 0 {
		return nil
	}
	q := "INSERT IGNORE INTO dsmigrate_refused (run_id, table_name, row_id, reason) VALUES " + placeholders(len(refused), 4)
	args := make([]any, 0, 4*len(refused))
	for _, r := range refused {
		args = append(args, run, r.Table, r.ID, r.Reason)
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return wrap(err, "record %d refused rows", len(refused))
}

// eachRefused walks the refused rows of a run in (table, id) order, up to
// limit rows (0: all), streaming from the server.
func eachRefused(ctx context.Context, db *sql.DB, run int64, limit int, fn func(Refusal) error) error {
	query := `SELECT table_name, row_id, reason FROM dsmigrate_refused WHERE run_id = ? ORDER BY table_name, row_id`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := db.QueryContext(ctx, query, run)
	if err != nil {
		return fmt.Errorf("ledger: refused rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Refusal
		if err := rows.Scan(&r.Table, &r.ID, &r.Reason); err != nil {
			return fmt.Errorf("ledger: refused rows: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachRefusedOf walks the ids of one table's refused rows in a run.
func eachRefusedOf(ctx context.Context, db *sql.DB, run int64, table string, fn func(id int64)) error {
	rows, err := db.QueryContext(ctx, `SELECT row_id FROM dsmigrate_refused WHERE run_id = ? AND table_name = ?`, run, table)
	if err != nil {
		return fmt.Errorf("ledger: refused rows of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("ledger: refused rows of %s: %w", table, err)
		}
		fn(id)
	}
	return rows.Err()
}

// attachRefused gives a run's summary its refused rows: the first
// MaxRefusedKept in memory, all of them through WriteJSON.
func attachRefused(ctx context.Context, db *sql.DB, run int64, sum *Summary) error {
	sum.Refused = []Refusal{}
	sum.RefusedTotal = 0
	for _, t := range sum.Tables {
		sum.RefusedTotal += t.Refused
	}
	sum.streamRefused = func(fn func(Refusal) error) error { return eachRefused(ctx, db, run, 0, fn) }
	return eachRefused(ctx, db, run, MaxRefusedKept, func(r Refusal) error {
		sum.Refused = append(sum.Refused, r)
		return nil
	})
}

func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("ledger: "+format+": %w", append(args, err)...)
}

// countActions derives a run's side effects from its backup rows, so a
// resumed run reports what the whole run did.
func countActions(ctx context.Context, db *sql.DB, run int64, instance, command, errorCommand string) (Actions, error) {
	var a Actions
	err := db.QueryRowContext(ctx, `SELECT
  COALESCE(SUM(action = 'created' AND table_name = ?), 0),
  COALESCE(SUM(action = 'created' AND table_name = ?), 0),
  COALESCE(SUM(action = 'created' AND table_name = ?), 0)
FROM dsmigrate_backup WHERE run_id = ?`, instance, command, errorCommand, run).Scan(&a.InstancesCreated, &a.FailoverCommandsCreated, &a.CommandsRetired)
	if err != nil {
		return a, wrap(err, "count actions of run %d", run)
	}
	query := "SELECT COUNT(*) FROM dsmigrate_backup b JOIN " + q(instance) + " i ON i.id = b.row_id " +
		"WHERE b.run_id = ? AND b.table_name = ? AND b.column_name = 'state' AND b.action = 'updated' AND i.state = 18"
	err = db.QueryRowContext(ctx, query, run, instance).Scan(&a.InstancesParkedAt18)
	return a, wrap(err, "count parked instances of run %d", run)
}
