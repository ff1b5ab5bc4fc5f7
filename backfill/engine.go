// Package backfill is dsmigrate's upgrade engine: it walks the command data
// tables in keyset batches, runs the transforms, and writes each batch — the
// backup of every original value, the new values, the rows it creates or
// moves, and the checkpoint — in one transaction, so a kill -9 at any moment
// loses nothing and a rerun resumes where the last commit left off (DESIGN §6).
//
//	summary, err := backfill.Run(ctx, db, backfill.Options{})        // upgrade
//	summary, err := backfill.Run(ctx, db, backfill.Options{DryRun: true}) // plan
//
// The ledger it writes through (runs, backups, fencing, rollback) is package
// ledger.
package backfill

import (
	"github.com/dsmigrate/dsmigrate/dialect"

	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/schemapath"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// Options tune a run.
type Options struct {
	BatchSize int          // rows per batch and transaction (default DefaultBatchSize)
	DryRun    bool         // plan: read and transform, write nothing
	Orphans   string       // "refuse" (default) or "finalize" (DESIGN §4.2)
	Samples   int          // before/after samples kept per rule (default 3)
	Version   string       // tool version recorded in the ledger
	Progress  ProgressFunc `json:"-"`
	// IgnoreHeartbeats skips the check that no DS server sent a registry
	// heartbeat recently.
	IgnoreHeartbeats bool
	// To, when set (only schemapath.Target, "3.3.0"), first takes the DS
	// schema there with dsmigrate's schema path, under the run lock.
	To string
	// ServerTimezone is the IANA zone the 2.0.9 master ran in
	// (--server-timezone): complement fire dates are computed there
	// (transforms.Schedule.ServerZone). "" means UTC. Recorded with the run.
	ServerTimezone string `json:"ServerTimezone,omitempty"`
}

// DefaultBatchSize was chosen by measurement (make bench).
const DefaultBatchSize = 1000

// Orphan policies.
const (
	OrphansRefuse   = "refuse"
	OrphansFinalize = "finalize"
)

// ErrShape is returned when the schema shape is not one dsmigrate writes to.
var ErrShape = errors.New("schema shape not supported")

// engine is one run's state.
type engine struct {
	db          *sql.DB
	s           *schema.Schema
	opts        Options
	run         int64       // 0 in a dry run
	owner       *ledger.Run // the run and its owner token; nil in a dry run
	sum         *Summary
	look        *lookups
	lock        *runlock.Lock // held by a run that writes
	lockChecked time.Time
	idFloors    map[string]int64 // table → AUTO_INCREMENT-1 when the run started (ids.go)
	dry         *dryState        // what a dry run's batches would have written (dryrun.go)
	// Caches for the instances the run creates (see cacheContext).
	defs    map[[2]int64]definitionInfo
	users   map[int64]sql.NullString
	tenants map[int64]string
}

// Run upgrades (or, with DryRun, plans) the command data of db.
func Run(ctx context.Context, db *sql.DB, opts Options) (*Summary, error) {
	opts = withDefaults(opts)
	if _, err := transforms.ServerZone(opts.ServerTimezone); err != nil {
		return nil, err
	}
	ctx, _, err := dialect.Bind(ctx, db)
	if err != nil {
		return nil, err
	}
	s, err := schema.Detect(ctx, db)
	if err != nil {
		return nil, err
	}
	if opts.To != "" && opts.To != schemapath.Target {
		return nil, fmt.Errorf("--to %s: dsmigrate's schema path only leads to %s", opts.To, schemapath.Target)
	}
	// A schema path killed between two renames leaves a mixed shape; --to resumes it.
	resuming := false
	if opts.To != "" {
		if resuming, err = schemapath.InProgress(ctx, db); err != nil {
			return nil, err
		}
	}
	if !s.Shape.Writable() && !resuming {
		return nil, fmt.Errorf("%w: %s (%v); run `dsmigrate inspect` for details", ErrShape, s.Shape, s.Reasons)
	}
	e := &engine{db: db, s: s, opts: opts, sum: newSummary(string(s.Shape), opts.DryRun)}
	e.sum.ServerTimezone = cmp.Or(opts.ServerTimezone, "UTC")
	var steps []schemapath.Step
	if opts.To != "" {
		if steps, err = schemapath.Pending(ctx, db); err != nil {
			return nil, err
		}
		// Before any DDL (and before the ledger exists): every table and column the steps touch.
		if err := schemapath.Preflight(ctx, db, steps); err != nil {
			return nil, err
		}
	}
	if !opts.DryRun && !opts.IgnoreHeartbeats {
		if err := checkServicesStopped(ctx, db, s.HasTable); err != nil {
			return nil, err
		}
	}
	if opts.DryRun && !s.Shape.Writable() {
		e.sum.SchemaSteps = schemapath.Names(steps) // the passes need the 3.3 shape
		return e.sum, nil
	}
	if opts.DryRun {
		sum, err := e.passes(ctx)
		if sum != nil {
			sum.SchemaSteps = schemapath.Names(steps)
		}
		return sum, err
	}
	lock, err := runlock.Acquire(ctx, db, s.Database)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	e.lock = lock
	// Only under the lock, and only upward (issue: concurrent first upgrades).
	if err := ledger.Migrate(ctx, db, lock); err != nil {
		return nil, err
	}
	if err := ledger.RefuseUnfinishedRollback(ctx, db); err != nil {
		return nil, err
	}
	if len(steps) > 0 {
		var open int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM dsmigrate_run WHERE state = ?", ledger.StateRunning).Scan(&open); err != nil {
			return nil, fmt.Errorf("schema path: read dsmigrate_run: %w", err)
		}
		if open > 0 {
			return nil, fmt.Errorf("schema path to %s: an interrupted run on the %s shape is unfinished; finish it with `dsmigrate upgrade` (no --to) or `dsmigrate rollback` first", opts.To, s.Shape)
		}
	}
	if opts.To != "" {
		if err := schemapath.Apply(ctx, db, schemapath.Options{BatchSize: opts.BatchSize}); errors.Is(err, migrations.ErrChecksum) {
			return nil, err
		} else if err != nil {
			return nil, fmt.Errorf("schema path to %s stopped (rerun `dsmigrate upgrade --to %s` to resume): %w", opts.To, opts.To, err)
		}
		if s, err = schema.Detect(ctx, db); err != nil {
			return nil, err
		}
		e.s, e.sum = s, newSummary(string(s.Shape), false)
		e.sum.SchemaSteps = schemapath.Names(steps)
	}
	floors, err := idFloors(ctx, db, s)
	if err != nil {
		return nil, err
	}
	owner, err := ledger.Start(ctx, db, lock, "upgrade", string(s.Shape), opts.Version, runOptions{opts, floors})
	if err != nil {
		return nil, err
	}
	run := owner.ID
	if owner.Resumed {
		if floors, err = storedIDFloors(ctx, db, run); err != nil {
			return nil, err
		}
	}
	e.idFloors = floors
	e.owner, e.run, e.sum.RunID, e.sum.Resumed = owner, run, &run, owner.Resumed
	sum, err := e.passes(ctx)
	if err != nil {
		// The run stays "running": the next upgrade resumes it.
		return nil, fmt.Errorf("upgrade run %d stopped (rerun `dsmigrate upgrade` to resume): %w", run, err)
	}
	if err := attachRefused(ctx, db, run, sum); err != nil {
		return nil, err
	}
	sum.Actions, err = countActions(ctx, db, run, s.Table(schema.Instance), s.Table(schema.Command), s.Table(schema.ErrorCommand))
	if err != nil {
		return nil, err
	}
	return sum, owner.Finish(ctx, db, ledger.StateDone, sum)
}

// lockAlive checks, at most every 30 s, that the run lock is still held: a
// lost lock connection would let a second run write at the same time.
func (e *engine) lockAlive(ctx context.Context) error {
	if e.lock == nil || time.Since(e.lockChecked) < 30*time.Second {
		return nil
	}
	e.lockChecked = time.Now()
	if err := e.lock.Alive(ctx); err != nil {
		return fmt.Errorf("%w (%v)", ledger.ErrFenced, err)
	}
	return nil
}

// keepers finds the failover command of every instance, leaving out the
// commands this run refused (see failoverKeepers).
func (e *engine) keepers(ctx context.Context) (keepers, map[int64]bool, error) {
	refused, err := refusedIDs(ctx, e.db, e.run, schema.Command)
	if err != nil {
		return nil, nil, err
	}
	if e.run == 0 && e.dry != nil {
		refused = e.dry.refused
	}
	return failoverKeepers(ctx, e.db, e.s, refused)
}

func withDefaults(o Options) Options {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Orphans == "" {
		o.Orphans = OrphansRefuse
	}
	if o.Samples == 0 {
		o.Samples = 3
	}
	if o.Progress == nil {
		o.Progress = NoProgress
	}
	return o
}

// passes runs the tables in dependency order: commands first (they park
// instances at 18 and create instances), then error commands, instances
// (which create the failover commands still missing) and task instances.
func (e *engine) passes(ctx context.Context) (*Summary, error) {
	var err error
	if e.look, err = loadLookups(ctx, e.db, e.s); err != nil {
		return nil, err
	}
	if e.look.zone, err = transforms.ServerZone(e.opts.ServerTimezone); err != nil {
		return nil, err
	}
	// Each pass is built when it starts: it sees what the passes before it wrote.
	passes := []func() (pass, error){
		func() (pass, error) {
			k, _, err := e.keepers(ctx)
			return commandPass{e: e, l: schema.Command, keepers: k}, err
		},
		func() (pass, error) { return commandPass{e: e, l: schema.ErrorCommand}, nil },
		func() (pass, error) {
			k, blocked, err := e.keepers(ctx)
			return instancePass{e: e, keepers: k, blocked: blocked}, err
		},
		func() (pass, error) { return taskPass{e}, nil },
	}
	for _, build := range passes {
		p, err := build()
		if err != nil {
			return nil, err
		}
		if err := e.walk(ctx, p); err != nil {
			return nil, err
		}
		if err := e.dryRest(ctx, p); err != nil {
			return nil, err
		}
	}
	return e.sum, nil
}
