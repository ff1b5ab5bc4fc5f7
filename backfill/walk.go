package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// pass plans the batches of one table.
type pass interface {
	logical() schema.Logical
	// plan reads up to n rows with id > after and decides what to write.
	plan(ctx context.Context, after int64, n int) (*batch, error)
	// prefetch reports whether the next batch may be planned while the
	// current one is written: true when planning reads nothing that writing
	// the batch before it changes.
	prefetch() bool
}

// planned is a batch planned ahead, or the error planning it.
type planned struct {
	b    *batch
	err  error
	took time.Duration
}

// batch is what one transaction writes. Besides the scanned table's own
// rows it carries the side effects of DESIGN §4.1, each done set-wise.
type batch struct {
	lastID       int64
	scanned      int
	changed      int
	updates      []rowUpdate    // the scanned table's own rows
	newInstances []newInstance  // created before the bulk update, which points commands at them
	park         []int64        // instances to set to 18
	retire       []retirement   // commands to move to t_ds_error_command
	failovers    []failoverNeed // failover commands to insert for parked instances
	refused      []Refusal
}

// walk runs one table from its checkpoint to the end.
func (e *engine) walk(ctx context.Context, p pass) error {
	name := string(p.logical())
	table := e.s.Table(p.logical())
	var cp checkpoint
	var err error
	if e.run != 0 {
		if cp, err = readCheckpoint(ctx, e.db, e.run, name); err != nil {
			return err
		}
	}
	sum := e.sum.table(name)
	sum.Scanned, sum.Changed, sum.Refused = cp.Scanned, cp.Changed, cp.Refused
	if cp.Done {
		return nil
	}
	var remaining int64
	if err := e.db.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE id > ?", q(table)), cp.LastID).Scan(&remaining); err != nil {
		return fmt.Errorf("count %s: %w", table, err)
	}
	prog := e.opts.Progress(name, remaining)
	defer prog.Done()
	var planTime, writeTime time.Duration
	defer func() {
		if os.Getenv("DSMIGRATE_TIMING") != "" {
			fmt.Fprintf(os.Stderr, "timing %s: read+transform %v, write %v\n", name, planTime.Round(time.Millisecond), writeTime.Round(time.Millisecond))
		}
	}()
	// A prefetch still reading when a commit fails stops with the walk.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ahead := make(chan planned, 1)
	planAhead := func(after int64) {
		t0 := time.Now()
		b, err := p.plan(ctx, after, e.opts.BatchSize)
		ahead <- planned{b, err, time.Since(t0)}
	}
	planAhead(cp.LastID)
	for !cp.Done {
		next := <-ahead
		b, err := next.b, next.err
		planTime += next.took
		if err != nil {
			return fmt.Errorf("%s batch after id %d: %w", name, cp.LastID, err)
		}
		done := b.scanned < e.opts.BatchSize
		prefetched := !done && p.prefetch()
		if prefetched {
			go planAhead(b.lastID) // reads the next rows while this batch is written
		}
		before := cp
		cp = advance(cp, b, done)
		t1 := time.Now()
		if cp, err = e.commitOrSplit(ctx, p, table, name, b, before, cp, ahead, prefetched); err != nil {
			return fmt.Errorf("%s batch after id %d: %w", name, before.LastID, err)
		}
		writeTime += time.Since(t1)
		sum.Scanned, sum.Changed, sum.Refused = cp.Scanned, cp.Changed, cp.Refused
		if e.run == 0 {
			e.sum.keepRefused(b.refused)
		}
		prog.Add(b.scanned)
		if !done && !p.prefetch() {
			planAhead(cp.LastID)
		}
	}
	return nil
}

// commit writes one batch in one transaction (nothing in a dry run).
func (e *engine) commit(ctx context.Context, table, name string, b *batch, cp checkpoint) (err error) {
	if e.run == 0 {
		return nil
	}
	if err := e.lockAlive(ctx); err != nil {
		return err
	}
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	// Fencing: first statement of the transaction (see ledger.Run.Fence).
	if err := e.owner.Fence(ctx, tx); err != nil {
		return err
	}
	if err := e.createInstances(ctx, tx, b.newInstances); err != nil {
		return err
	}
	if err := applyUpdates(ctx, tx, e.run, table, e.s.AutoUpdated(logicalOf(e.s, table)), b.updates); err != nil {
		return err
	}
	if err := e.parkAtFailover(ctx, tx, b.park); err != nil {
		return err
	}
	if err := e.retireCommands(ctx, tx, b.retire); err != nil {
		return err
	}
	if err := e.insertFailoverCommands(ctx, tx, b.failovers); err != nil {
		return err
	}
	if err := saveRefused(ctx, tx, e.run, b.refused); err != nil {
		return err
	}
	if err := saveCheckpoint(ctx, tx, e.run, name, cp); err != nil {
		return err
	}
	return tx.Commit()
}

// logicalOf finds the logical name of a physical table.
func logicalOf(s *schema.Schema, table string) schema.Logical {
	for l, phys := range s.Tables() {
		if phys == table {
			return l
		}
	}
	return ""
}

// record counts the findings of a row that changes as rules; a sample is
// built only for a rule that still keeps one (see samples.go).
func (e *engine) record(table string, id int64, before transforms.NullString, res transforms.Result) {
	var sample *Sample
	for _, f := range res.Findings {
		if sample == nil && res.ParamChanged && e.sum.wantsSample(f.Rule, e.opts.Samples) {
			sample = newSample(table, id, before, res.CommandParam)
		}
		if sample != nil {
			e.sum.rule(f.Rule, e.opts.Samples, *sample)
		} else {
			e.sum.rule(f.Rule, e.opts.Samples, Sample{})
		}
	}
}

func nullStr(v sql.NullString) transforms.NullString {
	return transforms.NullString{String: v.String, Valid: v.Valid}
}

func nullInt(v sql.NullInt64) transforms.NullInt {
	return transforms.NullInt{Int: v.Int64, Valid: v.Valid}
}

// value turns a transforms value into a driver value (nil = NULL).
func strValue(v transforms.NullString) any {
	if !v.Valid {
		return nil
	}
	return v.String
}

func intValue(v transforms.NullInt) any {
	if !v.Valid {
		return nil
	}
	return v.Int
}
