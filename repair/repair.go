// Package repair un-sticks a DS 3.3 database whose workflow instances sit at
// FAILOVER (18) because a 3.3 master could not parse their legacy params
// (upstream #16878), and resubmits error commands. It writes through the
// upgrade engine's writers (backfill.Toolkit) and the ledger (package
// ledger), so `dsmigrate rollback --run N` undoes it byte-exact.
//
//	sum, err := repair.Run(ctx, db, repair.Options{})             // dry run
//	sum, err := repair.Run(ctx, db, repair.Options{Apply: true})  // write
package repair

import (
	"github.com/dsmigrate/dsmigrate/dialect"

	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/schema"
)

// Options tune `dsmigrate repair`.
type Options struct {
	// Apply writes; without it Repair is a dry run that writes nothing, not
	// even dsmigrate's ledger.
	Apply bool
	// Resubmit lists t_ds_error_command ids to move back to t_ds_command.
	Resubmit []int64
	// BatchSize is the number of stuck instances per transaction.
	BatchSize int
	// Version is the tool version recorded in the ledger.
	Version string
	// IgnoreHeartbeats skips the check that no DS server sent a registry
	// heartbeat recently (a running master acts on the rows being repaired).
	IgnoreHeartbeats bool
	// Instances limits the repair to these instances at FAILOVER (18); empty
	// repairs every one (dsmigrate watch --repair passes the ones it vetted).
	Instances []int64
	// ServerTimezone is the IANA zone the DS 2.0 master ran in: complement
	// dates of the instances and commands repair types are computed there, as
	// upgrade does ("" means UTC). Recorded with the run.
	ServerTimezone string `json:"ServerTimezone,omitempty"`
}

// Summary is the report of a repair: the upgrade Summary contract
// (run_id, dry_run, tables, refused, …) plus what was, or in a dry run would
// be, done for each instance at FAILOVER (18) and each resubmitted command.
type Summary struct {
	*backfill.Summary
	Repairs     []Entry         `json:"repairs"`
	Resubmitted []ResubmitEntry `json:"resubmitted"`
}

// Entry is one instance at FAILOVER (18).
type Entry struct {
	Instance int64 `json:"instance"`
	// StateToRestore is the workflowExecutionStatus its failover command
	// carries: the 3.3 master restores it when it handles the command.
	StateToRestore string `json:"state_to_restore,omitempty"`
	// Source: "error command N", "pending command N", "state_history" or "inferred".
	Source string `json:"source,omitempty"`
	// Notes say why earlier sources were passed over.
	Notes []string `json:"notes,omitempty"`
	// Actions are the writes (past tense after --apply, "would …" in a dry
	// run); empty when the instance is already replayable.
	Actions []string `json:"actions"`
	Refused string   `json:"refused,omitempty"`
}

// ResubmitEntry is one --resubmit id.
type ResubmitEntry struct {
	ErrorCommand int64    `json:"error_command"`
	Command      int64    `json:"command,omitempty"` // its id in t_ds_command (0: refused or dry run with a fresh id)
	Actions      []string `json:"actions"`
	Refused      string   `json:"refused,omitempty"`
}

// repairer is one repair run; it borrows the upgrade engine's writers.
type repairer struct {
	k     *backfill.Toolkit
	db    *sql.DB
	s     *schema.Schema
	opts  Options
	sum   *Summary
	moved map[int64]int64 // error command id → command id, moved back by the instance repair
	// dryNext is the next fresh command id a dry run hands out: nothing is
	// inserted, so nextID alone would repeat itself.
	dryNext int64
}

// Repair un-sticks workflow instances left at FAILOVER (18) by a 3.3 master
// that could not parse their legacy params (upstream #16878, reference §3.7):
// each gets a typed command_param and exactly one pending, typed failover
// command carrying the state to restore (DESIGN §3 repair, §4.1). The
// instance stays at 18 — 3.3's own invariant while its failover command is
// pending — and the master restores the state when it handles the command.
// With Resubmit it also moves error commands back to t_ds_command (reference
// §5.4). Dry run unless opts.Apply; with Apply every original is backed up
// in a ledger run, so `dsmigrate rollback --run N` undoes it byte-exact.
func Run(ctx context.Context, db *sql.DB, opts Options) (*Summary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = backfill.DefaultBatchSize
	}
	ctx, _, err := dialect.Bind(ctx, db)
	if err != nil {
		return nil, err
	}
	s, err := schema.Detect(ctx, db)
	if err != nil {
		return nil, err
	}
	if !s.Shape.Writable() {
		return nil, fmt.Errorf("%w: %s (%v); run `dsmigrate inspect` for details", backfill.ErrShape, s.Shape, s.Reasons)
	}
	k := backfill.NewToolkit(db, s, opts.BatchSize, opts.Version, !opts.Apply)
	if err := k.SetServerZone(opts.ServerTimezone); err != nil {
		return nil, err
	}
	r := &repairer{k: k, db: db, s: s, opts: opts, moved: map[int64]int64{},
		sum: &Summary{Summary: k.Summary(), Repairs: []Entry{}, Resubmitted: []ResubmitEntry{}}}
	for _, l := range []schema.Logical{schema.Instance, schema.Command, schema.ErrorCommand} {
		r.sum.Table(string(l))
	}
	if !opts.Apply {
		if err := r.do(ctx); err != nil {
			return nil, fmt.Errorf("repair (dry run): %w", err)
		}
		return r.sum, nil
	}
	if !opts.IgnoreHeartbeats {
		if err := backfill.ServicesStopped(ctx, db, s); err != nil {
			return nil, err
		}
	}
	lock, err := runlock.Acquire(ctx, db, s.Database)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if err := ledger.Migrate(ctx, db, lock); err != nil {
		return nil, err
	}
	owner, err := ledger.Start(ctx, db, lock, "repair", string(s.Shape), opts.Version, opts)
	if err != nil {
		return nil, err
	}
	k.Own(owner)
	run := owner.ID
	if err := r.do(ctx); err != nil {
		// The run stays "running"; a rerun resumes it (every step is idempotent).
		return nil, fmt.Errorf("repair run %d stopped (rerun `dsmigrate repair --apply` to finish): %w", run, err)
	}
	return r.sum, owner.Finish(ctx, db, ledger.StateDone, r.sum)
}

// do repairs the stuck instances batch by batch, then the resubmissions.
func (r *repairer) do(ctx context.Context) error {
	if err := r.k.LoadLookups(ctx); err != nil {
		return err
	}
	cmds, err := r.loadFailoverCommands(ctx)
	if err != nil {
		return err
	}
	var after int64
	for {
		rows, err := r.readStuck(ctx, after)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		if err := r.inTx(ctx, func(tx *sql.Tx) error { return r.repairBatch(ctx, tx, rows, cmds) }); err != nil {
			return fmt.Errorf("repair instances after id %d: %w", after, err)
		}
		after = rows[len(rows)-1].in.ID
		if len(rows) < r.opts.BatchSize {
			break
		}
	}
	if len(r.opts.Resubmit) == 0 {
		return nil
	}
	return r.inTx(ctx, func(tx *sql.Tx) error { return r.resubmit(ctx, tx, cmds) })
}

// inTx runs fn in one transaction: committed after --apply, read-only and
// rolled back in a dry run (where fn writes nothing anyway).
func (r *repairer) inTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: !r.opts.Apply})
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if r.opts.Apply {
		if err := r.k.Owner().Fence(ctx, tx); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil || !r.opts.Apply {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// refuse records a refused row in the summary (and, after --apply, the ledger).
func (r *repairer) refuse(ctx context.Context, tx *sql.Tx, l schema.Logical, id int64, why string) error {
	ref := backfill.Refusal{Table: string(l), ID: id, Reason: why}
	r.sum.Table(string(l)).Refused++
	r.sum.KeepRefused([]backfill.Refusal{ref})
	if !r.opts.Apply {
		return nil
	}
	return backfill.SaveRefused(ctx, tx, r.run(), []backfill.Refusal{ref})
}

// run is the ledger run id (0 in a dry run).
func (r *repairer) run() int64 {
	if o := r.k.Owner(); o != nil {
		return o.ID
	}
	return 0
}

// verb words an action for the mode: "typed" after --apply, "would type" before.
func (r *repairer) verb(done, planned string) string {
	if r.opts.Apply {
		return done
	}
	return "would " + planned
}

// WriteJSON writes the report as one JSON document (refused rows of a
// repair are few: all of them are in memory).
func (s *Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// WriteText renders the report for people.
func (s *Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	switch {
	case s.DryRun:
		fmt.Fprintln(tw, "Repair plan (dry run: nothing was written; --apply writes)")
	case s.RunID != nil && s.wrote():
		fmt.Fprintf(tw, "Repair run %d (schema shape %s; `dsmigrate rollback --run %d` undoes it)\n", *s.RunID, s.Shape, *s.RunID)
	case s.RunID != nil:
		fmt.Fprintf(tw, "Repair run %d (schema shape %s): nothing to change\n", *s.RunID, s.Shape)
	}
	fmt.Fprintln(tw, "\nTABLE\tSCANNED\tCHANGED\tREFUSED")
	for _, name := range backfill.SortedNames(s.Tables) {
		t := s.Tables[name]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", name, t.Scanned, t.Changed, t.Refused)
	}
	fmt.Fprintf(tw, "\nInstances at FAILOVER (18): %d\n", len(s.Repairs))
	if len(s.Repairs) > 0 {
		fmt.Fprintln(tw, "INSTANCE\tRESTORES\tFROM\tACTIONS")
	}
	for _, rp := range s.Repairs {
		acts := "nothing to do"
		if rp.Refused != "" {
			acts = "refused: " + rp.Refused
		} else if len(rp.Actions) > 0 {
			acts = strings.Join(rp.Actions, "; ")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", rp.Instance, rp.StateToRestore, rp.Source, acts)
	}
	if len(s.Resubmitted) > 0 {
		fmt.Fprintln(tw, "\nRESUBMIT\tCOMMAND\tACTIONS")
	}
	for _, rs := range s.Resubmitted {
		acts := strings.Join(rs.Actions, "; ")
		if rs.Refused != "" {
			acts = "refused: " + rs.Refused
		}
		fmt.Fprintf(tw, "error command %d\t%d\t%s\n", rs.ErrorCommand, rs.Command, acts)
	}
	if len(s.Refused) > 0 {
		fmt.Fprintln(tw, "\nREFUSED (left untouched)\tID\tREASON")
		for _, r := range s.Refused {
			fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Table, r.ID, r.Reason)
		}
	}
	return tw.Flush()
}

// wrote reports whether the run changed any row.
func (s *Summary) wrote() bool {
	for _, t := range s.Tables {
		if t.Changed > 0 {
			return true
		}
	}
	return false
}
