// Package watch is `dsmigrate watch`: a health check for a live DS 3.3
// cluster (and the 3.0–3.2 shapes) that finds, round after round, what
// leaves workflow instances stuck — instances at FAILOVER (18) nobody will
// take over (upstream #16878, reference §3.7), failover commands parked in
// t_ds_error_command, params a 3.3 master cannot parse, pending commands no
// master takes — exports it as Prometheus metrics and log lines, and, with
// --repair, applies `dsmigrate repair --apply` to the stuck instances.
//
// The checks are verify's (verify.FailoverInstances, verify.InstanceParamProblem,
// verify.CommandParamProblem) and the repair is repair's: watch only
// schedules them, with queries bounded per round.
package watch

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/verify"
)

// Check names (the "check" field of a finding's log line).
const (
	CheckStuckFailover = "stuck_failover"
	CheckErrorFailover = "error_failover_commands"
	CheckErrorGrowth   = "error_commands_growth"
	CheckUnparseable   = "unparseable_params"
	CheckStalePending  = "stale_pending_commands"
)

// Finding is one problem found in a round: how many rows, the first of
// them, and the command that fixes them.
type Finding struct {
	Check   string  `json:"check"`
	Table   string  `json:"table"`
	Count   int64   `json:"count"`
	IDs     []int64 `json:"ids"` // the first Options.IDLimit rows
	Message string  `json:"message"`
	Fix     string  `json:"fix"`
}

// Round is what one check round found.
type Round struct {
	At       time.Time     // the database's clock when the round started
	Duration time.Duration // filled by the loop
	// StuckFailover counts instances at 18 without a pending failover command
	// for longer than the grace period; InGrace those not yet that long.
	StuckFailover, InGrace int64
	ErrorCommands          int64 // rows in t_ds_error_command
	ErrorGrowth            int64 // since the previous round (0 on the first)
	ErrorFailover          int64 // failover commands (type 2) among them
	Unparseable            int64 // params written since the last round a 3.3 master cannot parse
	StalePending           int64 // pending commands older than the grace period
	Findings               []Finding
	// Candidates are stuck instances past the grace period, for --repair (at
	// most Options.RepairLimit; none without --repair).
	Candidates []verify.FailoverInstance
	Repair     *RepairOutcome // nil without --repair
}

// Healthy reports a round that found nothing.
func (r *Round) Healthy() bool { return len(r.Findings) == 0 }

// Checker runs the checks. It keeps, between rounds, only the keyset marks
// of the param check and the previous error-command count.
type Checker struct {
	db    *sql.DB
	opts  Options
	s     *schema.Schema // nil: detect at the next round
	marks map[schema.Logical]*paramMark
	// the previous round's error-command count and highest id
	prevEC, prevMaxEC int64
	hasEC             bool
	// refused are instances repair refused (at most maxRefused): not retried.
	refused map[int64]string
}

// NewChecker returns a checker of db.
func NewChecker(db *sql.DB, opts Options) *Checker {
	return &Checker{db: db, opts: opts.withDefaults(), marks: map[schema.Logical]*paramMark{}, refused: map[int64]string{}}
}

// Forget drops the detected schema, so the next round detects it again
// (after a lost connection the database may have been restored or upgraded).
func (c *Checker) Forget() { c.s = nil }

// Check runs one round of every check.
func (c *Checker) Check(ctx context.Context) (*Round, error) {
	if c.s == nil {
		s, err := schema.Detect(ctx, c.db)
		if err != nil {
			return nil, err
		}
		if !s.Shape.Writable() {
			return nil, fmt.Errorf("schema shape %s (%v) is not one dsmigrate knows; run `dsmigrate inspect`", s.Shape, s.Reasons)
		}
		c.s = s
	}
	r := &Round{}
	if err := c.db.QueryRowContext(ctx, "SELECT CURRENT_TIMESTAMP").Scan(&r.At); err != nil {
		return nil, fmt.Errorf("read the database clock: %w", err)
	}
	for _, step := range []func(context.Context, *Round) error{c.failovers, c.errorCommands, c.stalePending, c.params} {
		if err := step(ctx, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// failovers pages through the instances at 18 (V02 with a grace period).
func (c *Checker) failovers(ctx context.Context, r *Round) error {
	cutoff := r.At.Add(-c.opts.Grace)
	stuck := Finding{Check: CheckStuckFailover, Table: string(schema.Instance), IDs: []int64{}, Fix: c.repairFix(),
		Message: fmt.Sprintf("instances at FAILOVER (18) with no pending failover command for longer than %v: no master will ever take them over (#16878)", c.opts.Grace)}
	parked := Finding{Check: CheckErrorFailover, Table: string(schema.ErrorCommand), IDs: []int64{},
		Message: "failover commands in t_ds_error_command whose instance is still stuck at FAILOVER (18); repair brings the newest back, typed", Fix: c.repairFix()}
	var guard *masterGuard
	if c.opts.Repair {
		guard = newMasterGuard(c.db, c.s)
	}
	for after := int64(0); ; {
		page, err := verify.FailoverInstances(ctx, c.db, c.s, after, c.opts.PageSize)
		if err != nil {
			return err
		}
		for _, f := range page {
			if !f.Stuck() {
				continue
			}
			since := f.UpdateTime
			if !since.Valid {
				since = f.ErrorFailoverTime
			}
			if since.Valid && since.Time.After(cutoff) {
				r.InGrace++
				continue
			}
			r.StuckFailover++
			add(&stuck, f.ID, c.opts.IDLimit)
			if f.ErrorFailover != 0 {
				add(&parked, f.ErrorFailover, c.opts.IDLimit)
			}
			if guard != nil && len(r.Candidates) < c.opts.RepairLimit {
				if err := c.considerRepair(ctx, guard, f, r); err != nil {
					return err
				}
			}
		}
		if len(page) < c.opts.PageSize {
			break
		}
		after = page[len(page)-1].ID
	}
	r.Findings = appendIf(r.Findings, stuck, parked)
	return nil
}

// errorCommands counts t_ds_error_command and its failover commands, and
// reports growth since the previous round with the new rows' ids (3.3 moves
// a command there under its own id, so new rows sit above the old maximum).
func (c *Checker) errorCommands(ctx context.Context, r *Round) error {
	l := schema.ErrorCommand
	table := quote(c.s.Table(l))
	var maxID sql.NullInt64
	if err := c.db.QueryRowContext(ctx, "SELECT COUNT(*), MAX(id) FROM "+table).Scan(&r.ErrorCommands, &maxID); err != nil {
		return fmt.Errorf("count %s: %w", c.s.Table(l), err)
	}
	if err := c.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE command_type = 2").Scan(&r.ErrorFailover); err != nil {
		return fmt.Errorf("count failover commands in %s: %w", c.s.Table(l), err)
	}
	if c.hasEC && r.ErrorCommands > c.prevEC {
		r.ErrorGrowth = r.ErrorCommands - c.prevEC
		ids, err := c.firstIDs(ctx, l, "id > ?", c.opts.IDLimit, "", c.prevMaxEC)
		if err != nil {
			return err
		}
		r.Findings = append(r.Findings, Finding{Check: CheckErrorGrowth, Table: string(l), Count: r.ErrorGrowth, IDs: ids,
			Message: fmt.Sprintf("t_ds_error_command grew by %d rows since the last check (%d now): a master failed to handle them", r.ErrorGrowth, r.ErrorCommands),
			Fix:     verify.FixResubmit + " ID,… (failover commands: " + verify.FixRepair + ")"})
	}
	c.prevEC, c.prevMaxEC, c.hasEC = r.ErrorCommands, maxID.Int64, true
	return nil
}

// stalePending finds pending commands older than the grace period: no
// master is taking commands (or none can handle them).
func (c *Checker) stalePending(ctx context.Context, r *Round) error {
	l := schema.Command
	col := c.s.Column(l, "update_time")
	if col == "" {
		return nil
	}
	cond := quote(col) + " < ?"
	cutoff := r.At.Add(-c.opts.Grace)
	if err := c.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(c.s.Table(l))+" WHERE "+cond, cutoff).Scan(&r.StalePending); err != nil {
		return fmt.Errorf("count stale commands in %s: %w", c.s.Table(l), err)
	}
	if r.StalePending == 0 {
		return nil
	}
	ids, err := c.firstIDs(ctx, l, cond, c.opts.IDLimit, "", cutoff)
	if err != nil {
		return err
	}
	r.Findings = append(r.Findings, Finding{Check: CheckStalePending, Table: string(l), Count: r.StalePending, IDs: ids,
		Message: fmt.Sprintf("pending commands older than %v: no master is taking commands (check that a master is up and its logs)", c.opts.Grace),
		Fix:     "start or unblock a DS master; `dsmigrate verify` names commands a master cannot handle"})
	return nil
}

// firstIDs lists the first n ids of table l matching cond (ascending, or
// descending with order "DESC").
func (c *Checker) firstIDs(ctx context.Context, l schema.Logical, cond string, n int, order string, args ...any) ([]int64, error) {
	q := fmt.Sprintf("SELECT id FROM %s WHERE %s ORDER BY id %s LIMIT %d", quote(c.s.Table(l)), cond, order, n)
	rows, err := c.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list ids of %s: %w", c.s.Table(l), err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list ids of %s: %w", c.s.Table(l), err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (c *Checker) repairFix() string {
	return verify.FixRepair + " (or dsmigrate watch --repair)"
}

// add counts one row of a finding and keeps its id while the list is short.
func add(f *Finding, id int64, limit int) {
	f.Count++
	if len(f.IDs) < limit {
		f.IDs = append(f.IDs, id)
	}
}

// appendIf appends the findings that counted rows.
func appendIf(out []Finding, fs ...Finding) []Finding {
	for _, f := range fs {
		if f.Count > 0 {
			out = append(out, f)
		}
	}
	return out
}

// quote is the identifier quoting of the detected schema's engine.
func quote(ident string) string { return keyset.Quote(ident) }
