package verify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// ErrShape is returned when the schema is mixed or unknown: table and column
// names cannot be trusted, so nothing can be verified.
var ErrShape = errors.New("verify: schema shape not supported")

// Run checks every workflow instance, command, error command and task
// instance of db against the 3.3 replay rules V01–V09 (DESIGN §5). It only
// reads. It works on the 3.3 shape and, as "would this be replayable once
// DS's schema scripts have run", on the 2.0 and 3.0–3.2 shapes.
//
// Tables are read by keyset pagination, one page (Options.PageSize rows) at
// a time; what is kept across pages follows the number of definition
// versions, pending failover commands and error commands, not the number of
// instances, commands or task instances. Findings go to Options.OnFinding as
// they are found; the Report keeps counts, first ids and a bounded sample.
func Run(ctx context.Context, db *sql.DB, opts Options) (*Report, error) {
	s, err := schema.Detect(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if !s.Shape.Writable() {
		return nil, fmt.Errorf("%w: %s (%v); run `dsmigrate inspect` for details", ErrShape, s.Shape, s.Reasons)
	}
	zone, err := transforms.ServerZone(opts.ServerTimezone)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	c := newCollector(opts)
	c.report.Shape, c.report.Database = string(s.Shape), s.Database
	defs, err := loadDefinitions(ctx, db, s, c.opts.PageSize)
	if err != nil {
		return nil, err
	}
	refused, err := loadRefusals(ctx, db, s)
	if err != nil {
		return nil, err
	}
	v := &verifier{db: db, s: s, c: c, defs: defs, size: c.opts.PageSize, refused: refused, zone: zone,
		errRefs: map[int64]int64{}, pending: map[int64]bool{}, failovers: map[int64]int64{}}
	ck := &c.report.Checked
	passes := []struct {
		table schema.Logical
		rows  *int64
		run   func(context.Context) error
	}{
		{schema.ErrorCommand, &ck.ErrorCommands, v.errorCommands}, {schema.Command, &ck.Commands, v.commands},
		{schema.Instance, &ck.Instances, v.instances}, {schema.TaskInstance, &ck.TaskInstances, v.tasks},
		{"task_instance_names", nil, v.duplicates},
	}
	for _, p := range passes {
		started, before := time.Now(), int64(0)
		if p.rows != nil {
			before = *p.rows
		}
		if err := p.run(ctx); err != nil {
			return nil, err
		}
		pass := Pass{Table: string(p.table), Seconds: time.Since(started).Seconds()}
		if p.rows != nil {
			pass.Rows = *p.rows - before
		}
		c.report.Passes = append(c.report.Passes, pass)
	}
	return c.finish(), nil
}

// verifier is one run's state.
type verifier struct {
	db   *sql.DB
	s    *schema.Schema
	c    *collector
	defs *definitions
	size int
	err  error // first lookup error inside a rule callback

	refused *refusals // rows the latest upgrade run refused (their fix is manual)

	errRefs   map[int64]int64 // instance → an error command naming it (V09)
	pending   map[int64]bool  // instances of errRefs with a pending command (V09)
	failovers map[int64]int64 // instance → its first pending failover command (V02, V05)
	zone      *time.Location  // server time zone (V07); nil = UTC
}

// definition is the rules' view of definitions.check; a read error stops the
// run after the current row.
func (v *verifier) definition(ctx context.Context) func(code, version sql.NullInt64) defCheck {
	return func(code, version sql.NullInt64) defCheck {
		d, err := v.defs.check(ctx, code, version)
		if err != nil && v.err == nil {
			v.err = err
		}
		return d
	}
}

// emitter returns the rules' emit function for one row.
func (v *verifier) emitter(table schema.Logical, id int64) func(rule, severity, message, fix string) {
	return func(rule, severity, message, fix string) {
		fix = v.refused.fix(string(table)+":"+strconv.FormatInt(id, 10), fix)
		if err := v.c.emit(rule, severity, string(table), id, message, fix); err != nil && v.err == nil {
			v.err = err
		}
	}
}

// col is the physical name of a column of a logical table, or "NULL" when
// the shape lacks it.
func (v *verifier) col(l schema.Logical, column string) string {
	if c := v.s.Column(l, column); c != "" {
		return c
	}
	return "NULL"
}

// errorCommands is V09 on t_ds_error_command, and collects which instances
// error commands name.
func (v *verifier) errorCommands(ctx context.Context) error {
	l := schema.ErrorCommand
	q := pageQuery{d: v.s.Dialect, table: v.s.Table(l), size: v.size,
		columns: []string{"command_type", v.col(l, schema.InstanceID), "command_param", v.col(l, "message")}}
	originals := v.originalParams(ctx)
	return eachPage(ctx, v.db, q, func(rows *sql.Rows) (errorCommandRow, int64, error) {
		var r errorCommandRow
		err := rows.Scan(&r.id, &r.commandType, &r.instanceID, &r.param, &r.message)
		return r, r.id, err
	}, func(page []errorCommandRow) error {
		orig, err := originals(page)
		if err != nil {
			return err
		}
		for _, r := range page {
			v.c.report.Checked.ErrorCommands++
			emit := v.emitter(l, r.id)
			checkErrorCommand(r, func(severity, message, fix string) { emit(V09, severity, message, fix) })
			if inst := errorCommandInstance(r, orig[r.id]); inst > 0 && !retiredRow(r) {
				if cur, ok := v.errRefs[inst]; !ok || r.id > cur {
					v.errRefs[inst] = r.id // the newest
				}
			}
		}
		return v.err
	})
}

// retiredRow: a command dsmigrate (or a type without handler) parked there;
// it never drove the instance.
func retiredRow(r errorCommandRow) bool {
	return r.commandType.Valid && retiredCommandType(r.commandType.Int64) ||
		r.message.Valid && transforms.IsRetired(r.message.String)
}
