package backfill

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// instancePass types every instance's param and remaps its vanished codes
// (DESIGN §4, §4.2); instances parked at 18 get their failover command.
type instancePass struct {
	e       *engine
	keepers keepers        // instance → its pending failover command
	blocked map[int64]bool // instances with a failover command this run refused
}

func (instancePass) logical() schema.Logical { return schema.Instance }

// prefetch is true: a batch reads only its own rows and the keepers fixed
// when the pass started.
func (instancePass) prefetch() bool { return true }

type instanceRow struct {
	in        transforms.InstanceRow
	code, ver sql.NullInt64
}

const dsTime = "2006-01-02 15:04:05"

func timeText(t sql.NullTime) transforms.NullString {
	if !t.Valid {
		return transforms.NullString{}
	}
	return transforms.Str(t.Time.Format(dsTime))
}

func (p instancePass) read(ctx context.Context, after int64, n int) ([]instanceRow, error) {
	return p.e.readInstances(ctx, fmt.Sprintf("id > ? ORDER BY id LIMIT %d", n), after)
}

// readInstances reads instance rows with what their transform needs; where
// is a fixed condition with placeholders (never row data).
func (e *engine) readInstances(ctx context.Context, where string, args ...any) ([]instanceRow, error) {
	s, l := e.s, schema.Instance
	testFlag := "NULL"
	if s.HasColumn(l, "test_flag") {
		testFlag = q("test_flag")
	}
	query := fmt.Sprintf(`SELECT id, state, command_type, history_cmd, %s, schedule_time, start_time, restart_time, %s,
 task_depend_type, command_param, %s, %s FROM %s WHERE %s`,
		q(s.Column(l, schema.IsSubWorkflow)), testFlag, q(s.Column(l, schema.DefinitionCode)),
		q(s.Column(l, schema.DefinitionVersion)), q(s.Table(l)), where)
	rows, err := e.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read instances: %w", err)
	}
	defer rows.Close()
	var out []instanceRow
	for rows.Next() {
		var r instanceRow
		var state, cmdType, sub, flag, depend sql.NullInt64
		var history, param sql.NullString
		var sched, start, restart sql.NullTime
		if err := rows.Scan(&r.in.ID, &state, &cmdType, &history, &sub, &sched, &start, &restart, &flag, &depend, &param, &r.code, &r.ver); err != nil {
			return nil, fmt.Errorf("read instances: %w", err)
		}
		r.in.State, r.in.CommandType, r.in.HistoryCmd = e.dryParked(r.in.ID, nullInt(state)), nullInt(cmdType), nullStr(history)
		r.in.IsSubProcess = sub.Valid && sub.Int64 == 1
		r.in.ScheduleTime, r.in.StartTime, r.in.RestartTime = timeText(sched), timeText(start), timeText(restart)
		r.in.TestFlag, r.in.TaskDependType, r.in.CommandParam = nullInt(flag), nullInt(depend), nullStr(param)
		if r.code.Valid {
			r.in.Schedule = e.look.schedule(r.code.Int64)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// instancesIn reads the given instances by id.
func (e *engine) instancesIn(ctx context.Context, ids []int64) (map[int64]instanceRow, error) {
	out := map[int64]instanceRow{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := e.readInstances(ctx, fmt.Sprintf("id IN (%s)", inList(len(ids))), int64Args(ids)...)
	for _, r := range rows {
		out[r.in.ID] = r
	}
	return out, err
}

// finished reports a terminal 3.3 state (reference §4.3: isFinished).
func finished(state transforms.NullInt) bool {
	return state.Valid && (state.Int == 3 || state.Int == 5 || state.Int == 6 || state.Int == 7)
}

func (p instancePass) plan(ctx context.Context, after int64, n int) (*batch, error) {
	rows, err := p.read(ctx, after, n)
	if err != nil {
		return nil, err
	}
	return p.planRows(rows), nil
}

// planRows decides what to write for rows read in id order.
func (p instancePass) planRows(rows []instanceRow) *batch {
	e := p.e
	b := &batch{scanned: len(rows)}
	if len(rows) == 0 {
		return b
	}
	b.lastID = rows[len(rows)-1].in.ID
	keepers := p.keepers
	for _, r := range rows {
		res := transforms.Instance(r.in)
		why := ""
		if res.Refused {
			why = res.Reason
		} else {
			why = p.decide(b, r, &res, keepers)
		}
		cols := changedColumns(e.s, schema.Instance, res)
		if why == "" {
			why = tooLong(e.s, schema.Instance, cols)
		}
		if why != "" {
			b.refused = append(b.refused, Refusal{Table: string(schema.Instance), ID: r.in.ID, Reason: why})
			continue
		}
		if len(cols) > 0 {
			b.updates = append(b.updates, rowUpdate{id: r.in.ID, cols: cols})
			b.changed++
			e.record(string(schema.Instance), r.in.ID, r.in.CommandParam, res)
		}
	}
	return b
}

// decide applies the orphan policy and the failover invariant; it returns a
// refusal reason or "".
func (p instancePass) decide(b *batch, r instanceRow, res *transforms.Result, keepers keepers) string {
	e := p.e
	state := r.in.State
	if res.Changes.State.Valid {
		state = res.Changes.State
	}
	if e.look.orphan(r.code, r.ver) && !finished(state) {
		if e.opts.Orphans != OrphansFinalize {
			return fmt.Sprintf("definition (code %s, version %s) is not in the definition log and the instance is not finished: not replayable; --orphans=finalize sets it to FAILURE (6)",
				show(r.code), show(r.ver))
		}
		res.Changes.State = transforms.Int(6)
		res.Action, res.FailoverStatus = transforms.ActionNone, ""
		e.sum.rule("orphan_finalized", e.opts.Samples, Sample{})
		return ""
	}
	if res.Action != transforms.ActionFailover {
		return ""
	}
	if keepers.of(r.in.ID) != 0 {
		return "" // its pending failover command exists (converted by the command pass)
	}
	if p.blocked[r.in.ID] {
		return "a failover command of this instance was refused (see that row): the instance is not parked at FAILOVER behind it"
	}
	if res.FailoverStatus == "" {
		return "instance is at FAILOVER (18) without a pending failover command and its pre-failover state is unknown: run `dsmigrate repair`"
	}
	b.failovers = append(b.failovers, failoverNeed{instance: r.in.ID, status: res.FailoverStatus})
	e.sum.Actions.FailoverCommandsCreated++
	if !r.in.State.Valid || r.in.State.Int != 18 {
		e.sum.Actions.InstancesParkedAt18++
	}
	return ""
}
