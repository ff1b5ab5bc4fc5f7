package watch

import (
	"github.com/dsmigrate/dsmigrate/internal/keyset"

	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/verify"
)

// paramMark is where the param check of one table stopped: rows with a
// higher id, or updated since, are new to it.
type paramMark struct {
	afterID int64
	since   time.Time
}

// params checks the instance and command params written since the last
// round (V01, and V05's param part) — e.g. by a 2.0 API server still
// running, or a hand-made insert.
func (c *Checker) params(ctx context.Context, r *Round) error {
	for _, l := range []schema.Logical{schema.Instance, schema.Command} {
		if err := c.paramsOf(ctx, r, l); err != nil {
			return err
		}
	}
	return nil
}

// paramsOf checks one table: keyset pages over `id > cursor AND (id > mark
// OR update_time >= since)`. On the first round only rows updated within
// Options.Lookback are checked (the whole table is verify's job).
func (c *Checker) paramsOf(ctx context.Context, r *Round, l schema.Logical) error {
	table, upd := quote(c.s.Table(l)), c.s.Column(l, "update_time")
	var maxID sql.NullInt64
	if err := c.db.QueryRowContext(ctx, "SELECT MAX(id) FROM "+table).Scan(&maxID); err != nil {
		return fmt.Errorf("read the highest id of %s: %w", c.s.Table(l), err)
	}
	m, first := c.marks[l], false
	if m == nil {
		m, first = &paramMark{afterID: maxID.Int64, since: r.At.Add(-c.opts.Lookback)}, true
	}
	var cond string
	var args []any
	switch {
	case first && upd == "":
		cond = "" // no way to tell new rows from old ones yet
	case first:
		cond, args = quote(upd)+" >= ?", []any{m.since}
	case upd == "":
		cond, args = "id > ?", []any{m.afterID}
	default:
		cond, args = "(id > ? OR "+quote(upd)+" >= ?)", []any{m.afterID, m.since}
	}
	if cond != "" {
		if err := c.scanParams(ctx, r, l, cond, args); err != nil {
			return err
		}
	}
	m.afterID, m.since = max(m.afterID, maxID.Int64), r.At
	c.marks[l] = m
	return nil
}

// scanParams reads the matching rows page by page and groups the problems
// by fix (a handful of distinct fixes: the groups stay small).
func (c *Checker) scanParams(ctx context.Context, r *Round, l schema.Logical, cond string, args []any) error {
	typ := "NULL"
	if l == schema.Command {
		typ = "command_type"
	}
	query := fmt.Sprintf("SELECT id, %s, command_param FROM %s WHERE id > ? AND %s ORDER BY id LIMIT %d",
		typ, quote(c.s.Table(l)), cond, c.opts.PageSize)
	groups := map[string]*Finding{}
	for after := keyset.Start; ; {
		n, last, err := c.paramPage(ctx, query, append([]any{after}, args...), func(id int64, t sql.NullInt64, param sql.NullString) {
			var pr verify.ParamProblem
			var bad bool
			if l == schema.Command {
				pr, bad = verify.CommandParamProblem(t, param)
			} else {
				pr, bad = verify.InstanceParamProblem(param)
			}
			if !bad {
				return
			}
			r.Unparseable++
			g := groups[pr.Fix]
			if g == nil {
				g = &Finding{Check: CheckUnparseable, Table: string(l), IDs: []int64{}, Fix: pr.Fix,
					Message: fmt.Sprintf("%s params written since the last check that a 3.3 master cannot parse (%s; first, id %d: %s)", l, pr.Rule, id, pr.Message)}
				groups[pr.Fix] = g
			}
			add(g, id, c.opts.IDLimit)
		})
		if err != nil {
			return fmt.Errorf("check params of %s after id %d: %w", c.s.Table(l), after, err)
		}
		if n < c.opts.PageSize {
			break
		}
		after = last
	}
	fixes := make([]string, 0, len(groups))
	for fix := range groups {
		fixes = append(fixes, fix)
	}
	sort.Strings(fixes)
	for _, fix := range fixes {
		r.Findings = append(r.Findings, *groups[fix])
	}
	return nil
}

// paramPage reads one page and hands each row to fn; it returns the number
// of rows and the last id.
func (c *Checker) paramPage(ctx context.Context, query string, args []any, fn func(id int64, typ sql.NullInt64, param sql.NullString)) (int, int64, error) {
	rows, err := c.db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	n, last := 0, int64(0)
	for rows.Next() {
		var typ sql.NullInt64
		var param sql.NullString
		if err := rows.Scan(&last, &typ, &param); err != nil {
			return n, last, err
		}
		n++
		fn(last, typ, param)
	}
	return n, last, rows.Err()
}
