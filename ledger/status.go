package ledger

import (
	"github.com/dsmigrate/dsmigrate/dialect"

	"context"
	"database/sql"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/schemapath"
)

// Status is the JSON contract of `dsmigrate status`.
type Status struct {
	Database   string           `json:"database"`
	Shape      schema.Shape     `json:"shape"`
	Migrations migrations.State `json:"migrations"`
	WayOut     string           `json:"way_out,omitempty"`
	SchemaPath SchemaPathStatus `json:"schema_path"`
	LockHeld   bool             `json:"lock_held"`
	Runs       []RunStatus      `json:"runs"`
	// Problems are the states that need action, each with the command that
	// clears it; `dsmigrate status` exits 1 when there is any.
	Problems []Problem `json:"problems"`
}

// SchemaPathStatus is where dsmigrate's DS schema path (upgrade --to) stands.
type SchemaPathStatus struct {
	State   string `json:"state"` // not started | applied | pending | dirty | interrupted
	Version uint   `json:"version"`
	Latest  uint   `json:"latest"`
	Pending int    `json:"pending"` // steps `upgrade --to` would run
}

// Problem is one state that needs action.
type Problem struct {
	What string `json:"what"`
	Fix  string `json:"fix"`
}

// RunStatus is one ledger run.
type RunStatus struct {
	ID          int64            `json:"id"`
	Command     string           `json:"command"`
	State       string           `json:"state"`
	Interrupted bool             `json:"interrupted"` // running, but nobody holds the lock: resume with upgrade
	Shape       string           `json:"shape"`
	StartedBy   string           `json:"started_by"`
	StartedAt   time.Time        `json:"started_at"`
	FinishedAt  *time.Time       `json:"finished_at"`
	Checkpoints []CheckpointInfo `json:"checkpoints"`
}

// CheckpointInfo is where a run stands in one table.
type CheckpointInfo struct {
	Table   string `json:"table"`
	LastID  int64  `json:"last_id"`
	Scanned int64  `json:"scanned"`
	Changed int64  `json:"changed"`
	Refused int64  `json:"refused"`
	Done    bool   `json:"done"`
}

// ReadStatus reads the ledger; it writes nothing.
func ReadStatus(ctx context.Context, db *sql.DB) (*Status, error) {
	ctx, _, err := dialect.Bind(ctx, db)
	if err != nil {
		return nil, err
	}
	s, err := schema.Detect(ctx, db)
	if err != nil {
		return nil, err
	}
	st := &Status{Database: s.Database, Shape: s.Shape, Runs: []RunStatus{}}
	if st.Migrations, err = migrations.Status(ctx, db); err != nil {
		return nil, err
	}
	st.WayOut = st.Migrations.WayOut()
	if st.SchemaPath, err = readSchemaPath(ctx, db); err != nil {
		return nil, err
	}
	free, err := runlock.Free(ctx, db, s.Database)
	if err != nil {
		return nil, fmt.Errorf("status: lock: %w", err)
	}
	st.LockHeld = !free
	st.Problems = []Problem{}
	if st.Migrations.Version == 0 {
		st.diagnose(nil)
		return st, nil
	}
	missing, err := missingTables(ctx, db, st.Migrations.Version)
	if err != nil {
		return nil, err
	}
	if !contains(missing, "dsmigrate_run") {
		if st.Runs, err = readRuns(ctx, db, st.LockHeld); err != nil {
			return nil, err
		}
	}
	for i := range st.Runs {
		if contains(missing, "dsmigrate_checkpoint") {
			break
		}
		if st.Runs[i].Checkpoints, err = readCheckpoints(ctx, db, st.Runs[i].ID); err != nil {
			return nil, err
		}
	}
	st.diagnose(missing)
	return st, nil
}

func readRuns(ctx context.Context, db *sql.DB, lockHeld bool) ([]RunStatus, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, command, state, shape, started_by, started_at, finished_at FROM dsmigrate_run ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("status: runs: %w", err)
	}
	defer rows.Close()
	out := []RunStatus{}
	for rows.Next() {
		var r RunStatus
		var finished sql.NullTime
		if err := rows.Scan(&r.ID, &r.Command, &r.State, &r.Shape, &r.StartedBy, &r.StartedAt, &finished); err != nil {
			return nil, err
		}
		if finished.Valid {
			r.FinishedAt = &finished.Time
		}
		r.Interrupted = r.State == StateRunning && !lockHeld
		out = append(out, r)
	}
	return out, rows.Err()
}

func readCheckpoints(ctx context.Context, db *sql.DB, run int64) ([]CheckpointInfo, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name, last_id, scanned, changed, refused, done FROM dsmigrate_checkpoint WHERE run_id = ? ORDER BY updated_at, table_name`, run)
	if err != nil {
		return nil, fmt.Errorf("status: checkpoints: %w", err)
	}
	defer rows.Close()
	out := []CheckpointInfo{}
	for rows.Next() {
		var c CheckpointInfo
		if err := rows.Scan(&c.Table, &c.LastID, &c.Scanned, &c.Changed, &c.Refused, &c.Done); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WriteText renders the status for people.
func (st *Status) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Database\t%s (shape %s)\n", st.Database, st.Shape)
	m := st.Migrations
	fmt.Fprintf(tw, "Ledger migrations\t%d of %d applied%s\n", m.Version, m.Latest, map[bool]string{true: ", DIRTY", false: ""}[m.Dirty])
	if st.WayOut != "" {
		fmt.Fprintf(tw, "Way out\t%s\n", st.WayOut)
	}
	sp := st.SchemaPath
	fmt.Fprintf(tw, "Schema path\t%s (%d of %d steps applied, %d pending for upgrade --to %s)\n", sp.State, sp.Version, sp.Latest, sp.Pending, schemapath.Target)
	fmt.Fprintf(tw, "Run lock\t%s\n", map[bool]string{true: "held by a running dsmigrate", false: "free"}[st.LockHeld])
	if len(st.Problems) > 0 {
		fmt.Fprintf(tw, "\nNEEDS ACTION (%d):\n", len(st.Problems))
		for _, p := range st.Problems {
			fmt.Fprintf(tw, "  - %s\n    fix: %s\n", p.What, p.Fix)
		}
	}
	if len(st.Runs) == 0 {
		fmt.Fprintln(tw, "\nNo runs yet.")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "\nRUN\tCOMMAND\tSTATE\tSTARTED\tBY\tTABLES (scanned/changed/refused)")
	for _, r := range st.Runs {
		state := r.State
		switch {
		case r.Interrupted:
			state = "INTERRUPTED (rerun " + r.Command + " to resume)"
		case r.State == StateRollingBack:
			state = "ROLLING_BACK (rerun rollback to finish)"
		case r.State == StatePartlyRolledBack:
			state = "PART_ROLLED_BACK (rows changed since kept)"
		}
		tables := ""
		for _, c := range r.Checkpoints {
			mark := ""
			if !c.Done {
				mark = fmt.Sprintf(" at id %d", c.LastID)
			}
			tables += fmt.Sprintf("%s %d/%d/%d%s  ", c.Table, c.Scanned, c.Changed, c.Refused, mark)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Command, state, r.StartedAt.Format(time.DateTime), r.StartedBy, tables)
	}
	return tw.Flush()
}
