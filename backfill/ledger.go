package backfill

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/schema"
)

// ErrRollbackUnfinished is ledger.ErrRollbackUnfinished, kept for callers.
var ErrRollbackUnfinished = ledger.ErrRollbackUnfinished

// checkpoint is where a run stands in one table.
type checkpoint = ledger.Checkpoint

func readCheckpoint(ctx context.Context, db *sql.DB, run int64, table string) (checkpoint, error) {
	return ledger.ReadCheckpoint(ctx, db, run, table)
}

func saveCheckpoint(ctx context.Context, tx *sql.Tx, run int64, table string, c checkpoint) error {
	return ledger.SaveCheckpoint(ctx, tx, run, table, c)
}

// saveRefused records refused rows inside the batch transaction.
func saveRefused(ctx context.Context, tx *sql.Tx, run int64, refused []Refusal) error {
	if len(refused) == 0 {
		return nil
	}
	q := dia(ctx).InsertIgnore("INSERT INTO dsmigrate_refused (run_id, table_name, row_id, reason) VALUES " + placeholders(len(refused), 4))
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
  COALESCE(SUM(CASE WHEN action = 'created' AND table_name = ? THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN action = 'created' AND table_name = ? THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN action = 'created' AND table_name = ? THEN 1 ELSE 0 END), 0)
FROM dsmigrate_backup WHERE run_id = ?`, instance, command, errorCommand, run).Scan(&a.InstancesCreated, &a.FailoverCommandsCreated, &a.CommandsRetired)
	if err != nil {
		return a, wrap(err, "count actions of run %d", run)
	}
	query := "SELECT COUNT(*) FROM dsmigrate_backup b JOIN " + q(instance) + " i ON i.id = b.row_id " +
		"WHERE b.run_id = ? AND b.table_name = ? AND b.column_name = 'state' AND b.action = 'updated' AND i.state = 18"
	err = db.QueryRowContext(ctx, query, run, instance).Scan(&a.InstancesParkedAt18)
	return a, wrap(err, "count parked instances of run %d", run)
}

// ServicesStopped refuses when DS services look alive (ErrServicesAlive);
// rollback runs it as its ledger.RollbackOptions.Preflight.
func ServicesStopped(ctx context.Context, db *sql.DB, s *schema.Schema) error {
	return checkServicesStopped(ctx, db, s.HasTable)
}
