package repair

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// failoverCmd is a failover command (type 2) of an instance at 18, pending
// in t_ds_command or parked in t_ds_error_command.
type failoverCmd struct {
	id       int64
	table    schema.Logical
	instCol  sql.NullInt64 // the instance column as stored (0 on 2.0.9 error rows)
	instance int64         // the column, else the id the legacy param names
	version  sql.NullInt64
	param    sql.NullString
}

// failoverCmds holds, per stuck instance, its failover commands by id.
type failoverCmds struct {
	pending map[int64][]failoverCmd
	errors  map[int64][]failoverCmd
}

// stuckRow is an instance at 18 with what its transform needs.
type stuckRow struct {
	in      transforms.InstanceRow
	version sql.NullInt64
	history transforms.NullString // state_history (3.1+), NULL before
}

// loadFailoverCommands reads, once, every failover command of an instance
// at 18: one keyset scan of each command table (DS has no index on the
// instance column), keeping only those rows.
func (r *repairer) loadFailoverCommands(ctx context.Context) (failoverCmds, error) {
	s := r.s
	stuck := map[int64]bool{}
	rows, err := r.db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM %s WHERE state = 18", q(s.Table(schema.Instance))))
	if err != nil {
		return failoverCmds{}, fmt.Errorf("list instances at FAILOVER: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return failoverCmds{}, fmt.Errorf("list instances at FAILOVER: %w", err)
		}
		stuck[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return failoverCmds{}, fmt.Errorf("list instances at FAILOVER: %w", err)
	}
	out := failoverCmds{pending: map[int64][]failoverCmd{}, errors: map[int64][]failoverCmd{}}
	for _, l := range []schema.Logical{schema.Command, schema.ErrorCommand} {
		dst := out.pending
		if l == schema.ErrorCommand {
			dst = out.errors
		}
		scan := keyset.Scan{Table: s.Table(l), ID: "id", Size: 5000,
			Columns: []string{"id", "command_type", s.Column(l, schema.InstanceID), s.Column(l, schema.DefinitionVersion), "command_param"}}
		err := scan.Each(ctx, r.db, func(next func(...any) error) error {
			var c failoverCmd
			var typ sql.NullInt64
			if err := next(&c.id, &typ, &c.instCol, &c.version, &c.param); err != nil {
				return err
			}
			if !typ.Valid || typ.Int64 != 2 {
				return nil
			}
			c.table, c.instance = l, c.instCol.Int64
			if !c.instCol.Valid || c.instCol.Int64 <= 0 {
				// 2.0.9 error rows lose the column (reference §5.4): the id the legacy param names.
				c.instance = transforms.ErrorCommand(transforms.CommandRow{CommandType: transforms.Int(2), CommandParam: nullStr(c.param)}).InstanceRef
			}
			if stuck[c.instance] {
				dst[c.instance] = append(dst[c.instance], c)
			}
			return nil
		})
		if err != nil {
			return failoverCmds{}, fmt.Errorf("read failover commands in %s: %w", s.Table(l), err)
		}
	}
	return out, nil
}

// readStuck reads the next batch of instances at 18 after id after.
func (r *repairer) readStuck(ctx context.Context, after int64) ([]stuckRow, error) {
	if len(r.opts.Instances) > 0 {
		args := []any{after}
		for _, id := range r.opts.Instances {
			args = append(args, id)
		}
		only := strings.TrimSuffix(strings.Repeat("?, ", len(r.opts.Instances)), ", ")
		return r.readInstances(ctx, fmt.Sprintf("state = 18 AND id > ? AND id IN (%s) ORDER BY id LIMIT %d", only, r.opts.BatchSize), args...)
	}
	return r.readInstances(ctx, fmt.Sprintf("state = 18 AND id > ? ORDER BY id LIMIT %d", r.opts.BatchSize), after)
}

// readInstances reads instance rows WHERE cond (a fixed clause; values as args).
func (r *repairer) readInstances(ctx context.Context, cond string, args ...any) ([]stuckRow, error) {
	s, l := r.s, schema.Instance
	testFlag, history := "NULL", "NULL"
	if s.HasColumn(l, "test_flag") {
		testFlag = q("test_flag")
	}
	if s.HasColumn(l, "state_history") {
		history = q("state_history")
	}
	query := fmt.Sprintf(`SELECT id, state, command_type, history_cmd, %s, schedule_time, start_time, restart_time, %s,
 task_depend_type, command_param, %s, %s, %s FROM %s WHERE %s`,
		q(s.Column(l, schema.IsSubWorkflow)), testFlag, q(s.Column(l, schema.DefinitionCode)),
		q(s.Column(l, schema.DefinitionVersion)), history, q(s.Table(l)), cond)
	rows, err := r.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read instances: %w", err)
	}
	defer rows.Close()
	var out []stuckRow
	for rows.Next() {
		var sr stuckRow
		var state, cmdType, sub, flag, depend, code sql.NullInt64
		var hist, param, history sql.NullString
		var sched, start, restart sql.NullTime
		if err := rows.Scan(&sr.in.ID, &state, &cmdType, &hist, &sub, &sched, &start, &restart, &flag, &depend, &param,
			&code, &sr.version, &history); err != nil {
			return nil, fmt.Errorf("read instances: %w", err)
		}
		sr.in.State, sr.in.CommandType, sr.in.HistoryCmd = nullInt(state), nullInt(cmdType), nullStr(hist)
		sr.in.IsSubProcess = sub.Valid && sub.Int64 == 1
		sr.in.ScheduleTime, sr.in.StartTime, sr.in.RestartTime = backfill.TimeText(sched), backfill.TimeText(start), backfill.TimeText(restart)
		sr.in.TestFlag, sr.in.TaskDependType, sr.in.CommandParam = nullInt(flag), nullInt(depend), nullStr(param)
		sr.history = nullStr(history)
		if code.Valid {
			sr.in.Schedule = r.k.Schedule(code.Int64)
		}
		out = append(out, sr)
	}
	return out, rows.Err()
}

// newestWithStatus returns the status of the newest failover command (of
// both tables) that carries a resumable workflowExecutionStatus, with notes
// on the newer ones that do not.
func newestWithStatus(cmds []failoverCmd) (status, source string, notes []string) {
	sorted := append([]failoverCmd(nil), cmds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].id > sorted[j].id })
	for _, c := range sorted {
		label := fmt.Sprintf("%s %d", SourcePendingCommand, c.id)
		if c.table == schema.ErrorCommand {
			label = fmt.Sprintf("%s %d", SourceErrorCommand, c.id)
		}
		st, why := paramStatus(nullStr(c.param))
		if st != "" {
			return st, label, notes
		}
		notes = append(notes, label+": "+why)
	}
	return "", "", notes
}
