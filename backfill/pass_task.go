package backfill

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// taskPass remaps vanished task states, fills test_flag and renames
// SUB_PROCESS tasks (DESIGN §4.2).
type taskPass struct{ e *engine }

func (taskPass) logical() schema.Logical { return schema.TaskInstance }

func (taskPass) prefetch() bool { return true }

func (p taskPass) plan(ctx context.Context, after int64, n int) (*batch, error) {
	e, l := p.e, schema.TaskInstance
	testFlag := "NULL"
	if e.s.HasColumn(l, "test_flag") {
		testFlag = q("test_flag")
	}
	query := fmt.Sprintf("SELECT id, task_type, task_params, state, %s FROM %s WHERE id > ? ORDER BY id LIMIT %d",
		testFlag, q(e.s.Table(l)), n)
	rows, err := e.db.QueryContext(ctx, query, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	b := &batch{}
	for rows.Next() {
		var r transforms.TaskInstanceRow
		var taskType, params sql.NullString
		var state, flag sql.NullInt64
		if err := rows.Scan(&r.ID, &taskType, &params, &state, &flag); err != nil {
			return nil, err
		}
		r.TaskType, r.TaskParams, r.State, r.TestFlag = nullStr(taskType), nullStr(params), nullInt(state), nullInt(flag)
		b.scanned++
		b.lastID = r.ID
		res := transforms.TaskInstance(r)
		cols := changedColumns(e.s, l, res)
		why := res.Reason
		if !res.Refused {
			why = tooLong(e.s, l, cols)
		}
		if why != "" {
			b.refused = append(b.refused, Refusal{Table: string(l), ID: r.ID, Reason: why})
			continue
		}
		if len(cols) > 0 {
			b.updates = append(b.updates, rowUpdate{id: r.ID, cols: cols})
			b.changed++
			e.record(string(l), r.ID, transforms.NullString{}, res)
		}
	}
	return b, rows.Err()
}
