package backfill

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// commandPass converts t_ds_command (DESIGN §4.1) or, with the same
// transform and no side effects, t_ds_error_command.
type commandPass struct {
	e       *engine
	l       schema.Logical
	keepers keepers // instance → its failover command (t_ds_command only)
}

func (p commandPass) logical() schema.Logical { return p.l }

// prefetch is false: a batch reads instance states the batch before it may
// have parked at 18.
func (commandPass) prefetch() bool { return false }

type commandRow struct {
	id                 int64
	cmdType, code, ver sql.NullInt64
	instanceID         sql.NullInt64
	param              sql.NullString
}

func (p commandPass) read(ctx context.Context, after int64, n int) ([]commandRow, error) {
	return readCommands(ctx, p.e, p.l, fmt.Sprintf("id > ? ORDER BY id LIMIT %d", n), after)
}

// readCommands reads rows of the command table l; where is a fixed condition
// with placeholders (never row data).
func readCommands(ctx context.Context, e *engine, l schema.Logical, where string, args ...any) ([]commandRow, error) {
	s := e.s
	query := fmt.Sprintf("SELECT id, command_type, %s, %s, %s, command_param FROM %s WHERE %s",
		q(s.Column(l, schema.DefinitionCode)), q(s.Column(l, schema.DefinitionVersion)),
		q(s.Column(l, schema.InstanceID)), q(s.Table(l)), where)
	rows, err := e.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []commandRow
	for rows.Next() {
		var r commandRow
		if err := rows.Scan(&r.id, &r.cmdType, &r.code, &r.ver, &r.instanceID, &r.param); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (p commandPass) transform(r commandRow, info instanceInfo, ok bool) transforms.Result {
	e := p.e
	in := transforms.CommandRow{ID: r.id, CommandType: nullInt(r.cmdType), InstanceID: nullInt(r.instanceID),
		CommandParam: nullStr(r.param)}
	if ok {
		in.InstanceState, in.IsSubProcess = nullInt(info.state), info.isSub
	}
	if r.code.Valid {
		in.Schedule = e.look.schedule(r.code.Int64)
	}
	if p.l == schema.ErrorCommand {
		return transforms.ErrorCommand(in)
	}
	return transforms.Command(in)
}

// instanceOf is the instance a command is about: its column, else the id its
// legacy param names (2.0.9 error rows lose the column, reference §5.4).
func instanceOf(r commandRow, res transforms.Result) int64 {
	if r.instanceID.Valid && r.instanceID.Int64 > 0 {
		return r.instanceID.Int64
	}
	return res.InstanceRef
}

func (p commandPass) plan(ctx context.Context, after int64, n int) (*batch, error) {
	rows, err := p.read(ctx, after, n)
	if err != nil {
		return nil, err
	}
	return p.planRows(ctx, rows)
}

// planRows decides what to write for rows read in id order.
func (p commandPass) planRows(ctx context.Context, rows []commandRow) (*batch, error) {
	e := p.e
	b := &batch{scanned: len(rows)}
	if len(rows) == 0 {
		return b, nil
	}
	b.lastID = rows[len(rows)-1].id
	// First pass without instance context, to learn the ids legacy params name.
	results := make([]transforms.Result, len(rows))
	var ids []int64
	for i, r := range rows {
		results[i] = p.transform(r, instanceInfo{}, false)
		if id := instanceOf(r, results[i]); id > 0 {
			ids = append(ids, id)
		}
	}
	insts, err := instancesByID(ctx, e.db, e.s, e.run, ids)
	if err != nil {
		return nil, err
	}
	e.dryCurrent(insts)
	// The instances failover commands would park at 18: they must convert too.
	var failoverIDs []int64
	for i, r := range rows {
		if p.l == schema.Command && failoverType(r.cmdType) {
			failoverIDs = append(failoverIDs, instanceOf(r, results[i]))
		}
	}
	targets, err := e.instancesIn(ctx, failoverIDs)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		inst := instanceOf(r, results[i])
		info, ok := insts[inst]
		res := p.transform(r, info, ok)
		if p.duplicateFailover(r, inst) {
			// DESIGN §4.1: one pending failover command per instance. A
			// duplicate moves whole, even when its param cannot be converted.
			e.sum.rule("duplicate-failover-command", e.opts.Samples, Sample{})
			p.retire(b, r.id, map[string]any{}, transforms.RetireDuplicateMessage)
			continue
		}
		why := res.Reason
		if !res.Refused && res.Action == transforms.ActionFailover {
			why = p.failoverTarget(targets, inst)
		}
		if why != "" {
			if failoverType(r.cmdType) && p.keepers.of(inst) == r.id {
				p.keepers.set(inst, 0) // the instance's next failover command takes over
			}
			b.refused = append(b.refused, Refusal{Table: string(p.l), ID: r.id, Reason: why})
			continue
		}
		if failoverType(r.cmdType) && p.keepers.of(inst) == 0 {
			p.keepers.set(inst, r.id)
		}
		cols := changedColumns(e.s, p.l, res)
		if why := tooLong(e.s, p.l, cols); why != "" {
			b.refused = append(b.refused, Refusal{Table: string(p.l), ID: r.id, Reason: why})
			continue
		}
		before := b.changed
		if p.l == schema.Command {
			if why := p.act(b, r, res, inst, info, ok, targets, cols); why != "" {
				b.refused = append(b.refused, Refusal{Table: string(p.l), ID: r.id, Reason: why})
				continue
			}
		}
		if len(cols) > 0 {
			b.updates = append(b.updates, rowUpdate{id: r.id, cols: cols})
			b.changed++
		}
		if b.changed > before {
			e.record(string(p.l), r.id, nullStr(r.param), res)
		}
	}
	return b, nil
}

// act carries out a pending command's Action; it returns a refusal reason.
func (p commandPass) act(b *batch, r commandRow, res transforms.Result, inst int64, info instanceInfo, found bool,
	targets map[int64]instanceRow, cols map[string]any) string {
	e := p.e
	if e.look.orphan(r.code, r.ver) {
		if e.opts.Orphans != OrphansFinalize {
			return fmt.Sprintf("definition (code %s, version %s) is not in the definition log: not replayable; --orphans=finalize retires it",
				show(r.code), show(r.ver))
		}
		p.retire(b, r.id, cols, transforms.RetireOrphanMessage)
		return ""
	}
	switch res.Action {
	case transforms.ActionRetire:
		p.retire(b, r.id, cols, res.RetireMessage)
	case transforms.ActionNeedsInstance:
		// createInstances puts the new instance's id here before the bulk update.
		cols[e.s.Column(schema.Command, schema.InstanceID)] = int64(0)
		b.newInstances = append(b.newInstances, newInstance{command: r.id, res: res, cols: cols})
		e.sum.Actions.InstancesCreated++
	case transforms.ActionFailover:
		if !found {
			return fmt.Sprintf("failover command for instance %d, which does not exist", inst)
		}
		if t, ok := targets[inst]; ok && e.look.orphan(t.code, t.ver) {
			// --orphans=finalize: the instance pass sets it to FAILURE; nothing to fail over.
			p.retire(b, r.id, cols, transforms.RetireOrphanMessage)
			return ""
		}
		if !r.instanceID.Valid || r.instanceID.Int64 != inst {
			cols[e.s.Column(schema.Command, schema.InstanceID)] = inst
		}
		if !info.current.Valid || info.current.Int64 != 18 {
			b.park = append(b.park, inst)
			e.sum.Actions.InstancesParkedAt18++
		}
	}
	return ""
}

// failoverType reports the failover command types (2, and legacy 10 which becomes 2).
func failoverType(t sql.NullInt64) bool { return t.Valid && (t.Int64 == 2 || t.Int64 == 10) }

// duplicateFailover reports a failover-type command of an instance whose
// failover command is another one (the lowest id that converts).
func (p commandPass) duplicateFailover(r commandRow, inst int64) bool {
	if p.l != schema.Command || !failoverType(r.cmdType) || inst == 0 {
		return false
	}
	keeper := p.keepers.of(inst)
	return keeper != 0 && keeper != r.id
}

// failoverTarget refuses a failover command whose instance upgrade could not
// convert: parked at 18 with an unreadable param it would be stuck (#16878).
func (p commandPass) failoverTarget(targets map[int64]instanceRow, inst int64) string {
	t, ok := targets[inst]
	if !ok {
		return "" // act reports the missing instance
	}
	if res := transforms.Instance(t.in); res.Refused {
		return fmt.Sprintf("instance %d cannot be converted (%s): parking it at FAILOVER would strand it", inst, res.Reason)
	}
	if p.e.look.orphan(t.code, t.ver) && p.e.opts.Orphans != OrphansFinalize {
		return fmt.Sprintf("instance %d's definition (code %s, version %s) is not in the definition log: parking it at FAILOVER would strand it; --orphans=finalize sets it to FAILURE",
			inst, show(t.code), show(t.ver))
	}
	return ""
}

// retire moves the command to t_ds_error_command instead of updating it.
func (p commandPass) retire(b *batch, id int64, cols map[string]any, message string) {
	for k := range cols {
		delete(cols, k) // the error-command pass converts it there
	}
	if message == "" {
		message = transforms.RetireMessage
	}
	b.retire = append(b.retire, retirement{id, message})
	b.changed++
	p.e.sum.Actions.CommandsRetired++
}

func show(v sql.NullInt64) string {
	if !v.Valid {
		return "NULL"
	}
	return fmt.Sprint(v.Int64)
}

// tooLong returns a refusal reason when a new text value does not fit its
// column (a 64 KiB legacy param can grow past TEXT's capacity when typed).
func tooLong(s *schema.Schema, l schema.Logical, cols map[string]any) string {
	for c, v := range cols {
		text, ok := v.(string)
		if max := s.MaxBytes(l, c); ok && max > 0 && int64(len(text)) > max {
			return fmt.Sprintf("%s: the converted value is %d bytes, the column holds at most %d; left untouched", c, len(text), max)
		}
	}
	return ""
}

// changedColumns maps a result to physical columns of the table; changes to
// columns the shape lacks (test_flag before 3.2) are dropped.
func changedColumns(s *schema.Schema, l schema.Logical, res transforms.Result) map[string]any {
	cols := map[string]any{}
	if res.ParamChanged && l != schema.TaskInstance {
		cols["command_param"] = strValue(res.CommandParam)
	}
	c := res.Changes
	set := func(column string, valid bool, v any) {
		if valid && s.HasColumn(l, column) {
			cols[s.Column(l, column)] = v
		}
	}
	set("state", c.State.Valid, intValue(c.State))
	set("command_type", c.CommandType.Valid, intValue(c.CommandType))
	set("test_flag", c.TestFlag.Valid, intValue(c.TestFlag))
	set("task_depend_type", c.TaskDependType.Valid, intValue(c.TaskDependType))
	set("start_time", c.StartTime.Valid, strValue(c.StartTime))
	set("task_type", c.TaskType.Valid, strValue(c.TaskType))
	set("task_params", c.TaskParams.Valid, strValue(c.TaskParams))
	fitCharsets(s, l, cols)
	return cols
}
