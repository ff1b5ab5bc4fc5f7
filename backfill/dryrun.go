package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// plan writes nothing, yet upgrade's later passes see what its earlier ones
// wrote: instances parked at 18, commands moved to t_ds_error_command,
// instances created for new-instance commands, refused failover commands. A
// dry run keeps these in memory instead (dryState) and the passes read them
// as upgrade reads the database, so plan's per-table and per-rule counts are
// upgrade's on the same data.

// querier is what the readers need of a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// dryState is what a dry run's batches would have written.
type dryState struct {
	parked  map[int64]bool // instances set to 18
	refused map[int64]bool // commands refused
	retired []int64        // commands moved to the error table
	created []instanceRow  // instances created
}

// dryCommit records what b would write, for the passes after it.
func (e *engine) dryCommit(ctx context.Context, b *batch) error {
	if e.dry == nil {
		e.dry = &dryState{parked: map[int64]bool{}, refused: map[int64]bool{}}
	}
	for _, id := range b.park {
		e.dry.parked[id] = true
	}
	for _, r := range b.refused {
		if r.Table == string(schema.Command) {
			e.dry.refused[r.ID] = true
		}
	}
	for _, r := range b.retire {
		e.dry.retired = append(e.dry.retired, r.id)
	}
	if len(b.newInstances) == 0 {
		return nil
	}
	rows, err := e.dryInstances(ctx, b.newInstances)
	e.dry.created = append(e.dry.created, rows...)
	return err
}

// dryParked is an instance state as upgrade would read it at this point.
func (e *engine) dryParked(id int64, state transforms.NullInt) transforms.NullInt {
	if e.run == 0 && e.dry != nil && e.dry.parked[id] {
		return transforms.Int(18)
	}
	return state
}

// dryInstances builds the rows createInstances would insert, as the
// instance pass would read them back.
func (e *engine) dryInstances(ctx context.Context, list []newInstance) ([]instanceRow, error) {
	ids := make([]int64, len(list))
	for i, n := range list {
		ids[i] = n.command
	}
	cmds, err := e.readPendingCommands(ctx, e.db, ids)
	if err != nil {
		return nil, err
	}
	if err := e.cacheContext(ctx, e.db, cmds); err != nil {
		return nil, err
	}
	out := make([]instanceRow, 0, len(list))
	for _, n := range list {
		c, ok := cmds[n.command]
		if !ok {
			return nil, fmt.Errorf("plan instance: command %d vanished", n.command)
		}
		v := e.instanceValues(c, n.res)
		var r instanceRow
		r.code, r.ver = c.code, c.version
		r.in.State, r.in.CommandType = transforms.Int(0), transforms.Int(v["command_type"].(int64))
		r.in.HistoryCmd = transforms.Str(v["history_cmd"].(string))
		r.in.StartTime = transforms.Str(v["start_time"].(time.Time).Format(dsTime))
		r.in.RestartTime = r.in.StartTime
		r.in.ScheduleTime = dryTime(v["schedule_time"])
		r.in.TaskDependType = transforms.Int(v["task_depend_type"].(int64))
		if e.s.HasColumn(schema.Instance, "test_flag") {
			r.in.TestFlag = transforms.Int(0)
		}
		if p, ok := e.fitInstanceParam(n.res.CommandParam).(string); ok {
			r.in.CommandParam = transforms.Str(p)
		}
		r.in.Schedule = e.look.schedule(c.code.Int64)
		out = append(out, r)
	}
	return out, nil
}

// dryTime is a schedule_time value as the instance pass reads it back.
func dryTime(v any) transforms.NullString {
	switch t := v.(type) {
	case time.Time:
		return transforms.Str(t.Format(dsTime))
	case string:
		if parsed, err := time.Parse(dsTime, t); err == nil {
			return transforms.Str(parsed.Format(dsTime))
		}
		return transforms.Str(t)
	}
	return transforms.NullString{}
}

// dryRest plans, after a dry run's pass over a table, the rows upgrade's
// pass would also have found there: commands moved to the error table and
// the instances created.
func (e *engine) dryRest(ctx context.Context, p pass) error {
	if e.run != 0 || e.dry == nil {
		return nil
	}
	var b *batch
	var err error
	switch p := p.(type) {
	case commandPass:
		if p.l != schema.ErrorCommand || len(e.dry.retired) == 0 {
			return nil
		}
		ids := append([]int64(nil), e.dry.retired...)
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		var rows []commandRow
		if rows, err = readCommands(ctx, e, schema.Command, fmt.Sprintf("id IN (%s) ORDER BY id", inList(len(ids))), int64Args(ids)...); err != nil {
			return fmt.Errorf("plan retired commands: %w", err)
		}
		b, err = p.planRows(ctx, rows)
	case instancePass:
		b = p.planRows(e.dry.created)
	default:
		return nil
	}
	if err != nil || b == nil {
		return err
	}
	sum := e.sum.table(string(p.logical()))
	sum.Scanned += int64(b.scanned)
	sum.Changed += int64(b.changed)
	sum.Refused += int64(len(b.refused))
	e.sum.keepRefused(b.refused)
	return nil
}

// dryCurrent sets the current state of instances a dry run parked to 18, as
// instancesByID reads it in upgrade.
func (e *engine) dryCurrent(insts map[int64]instanceInfo) {
	if e.run != 0 || e.dry == nil {
		return
	}
	for id, in := range insts {
		if e.dry.parked[id] {
			in.current = sql.NullInt64{Int64: 18, Valid: true}
			insts[id] = in
		}
	}
}
