package backfill

import (
	"github.com/dsmigrate/dsmigrate/ledger"

	"github.com/dsmigrate/dsmigrate/dialect"

	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// failoverNeed is an instance parked at 18 that has no failover command yet.
type failoverNeed struct {
	instance int64
	status   string // workflowExecutionStatus name
}

// failoverStateOf maps a failover status name to the state code whose
// failover the transform writes with that name.
var failoverStateOf = map[string]int64{"RUNNING_EXECUTION": 1, "READY_PAUSE": 2, "READY_STOP": 4}

// insertFailoverCommands adds the typed failover commands of instances parked
// at 18, built server-side from the instance rows (reference §3.4), with
// explicit ids in instance-id order.
func (e *engine) insertFailoverCommands(ctx context.Context, tx *sql.Tx, needs []failoverNeed) error {
	if len(needs) == 0 {
		return nil
	}
	byStatus := map[string][]int64{}
	for _, n := range needs {
		byStatus[n.status] = append(byStatus[n.status], n.instance)
	}
	statuses := make([]string, 0, len(byStatus))
	for st := range byStatus {
		statuses = append(statuses, st)
	}
	sort.Strings(statuses)
	s := e.s
	next, err := e.nextIDs(ctx, tx, len(needs), s.Table(schema.Command), s.Table(schema.ErrorCommand))
	if err != nil {
		return err
	}
	for _, status := range statuses {
		ids := byStatus[status]
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		param, err := failoverParam(status)
		if err != nil {
			return err
		}
		args := make([]any, 0, 3*len(ids)+1)
		for i, id := range ids {
			args = append(args, id, next+int64(i))
		}
		args = append(append(args, param), int64Args(ids)...)
		if _, err := tx.ExecContext(ctx, e.failoverInsert(dia(ctx), len(ids)), args...); err != nil {
			return fmt.Errorf("insert %d failover commands: %w", len(ids), err)
		}
		created := make([]int64, len(ids))
		for i := range ids {
			created[i] = next + int64(i)
		}
		if err := ledger.Created(ctx, tx, e.run, s.Table(schema.Command), created); err != nil {
			return err
		}
		next += int64(len(ids))
	}
	return nil
}

// failoverParam builds the param with the transform itself: a legacy
// failover command of an instance in the matching state.
func failoverParam(status string) (string, error) {
	code, ok := failoverStateOf[status]
	if !ok {
		return "", fmt.Errorf("failover status %q is not one a 3.3 master resumes", status)
	}
	res := transforms.Command(transforms.CommandRow{CommandType: transforms.Int(2), InstanceState: transforms.Int(code)})
	if res.Refused || !res.CommandParam.Valid {
		return "", fmt.Errorf("build failover param %s: %s", status, res.Reason)
	}
	return res.CommandParam.String, nil
}

// failoverInsert is INSERT … SELECT of n failover commands; its arguments
// are (instance id, command id) pairs, the param, then the instance ids. The
// ids come as a CASE, not from ROW_NUMBER() (MySQL 5.7 has no window functions).
func (e *engine) failoverInsert(d dialect.Dialect, n int) string {
	s, cmd, inst := e.s, schema.Command, schema.Instance
	pairs := [][2]string{
		{"id", "CASE id" + strings.Repeat(" WHEN ? THEN "+d.Param("bigint"), n) + " END"}, {"command_type", "2"},
		{s.Column(cmd, schema.DefinitionCode), q(s.Column(inst, schema.DefinitionCode))},
		{s.Column(cmd, schema.DefinitionVersion), q(s.Column(inst, schema.DefinitionVersion))},
		{s.Column(cmd, schema.InstanceID), "id"}, {"command_param", "?"}, {"task_depend_type", "2"},
		{"failure_strategy", "failure_strategy"}, {"warning_type", "warning_type"}, {"warning_group_id", "warning_group_id"},
		// A fixed time the instance already carries (DS's own upgrade scripts bump its update_time).
		{"executor_id", "executor_id"}, {"update_time", "COALESCE(restart_time, start_time, update_time)"},
		{s.Column(cmd, schema.InstancePriority), q(s.Column(inst, schema.InstancePriority))},
		{"worker_group", "worker_group"}, {"environment_code", "environment_code"}, {"dry_run", "dry_run"},
		// test_flag and tenant_code keep their column defaults (NULL, 'default'), as on a
		// command created before DS's scripts add those columns: both upgrade orders agree.
	}
	cols, sels := make([]string, len(pairs)), make([]string, len(pairs))
	for i, pr := range pairs {
		cols[i], sels[i] = q(pr[0]), pr[1]
	}
	return fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s WHERE id IN (%s)",
		q(s.Table(cmd)), strings.Join(cols, ", "), strings.Join(sels, ", "), q(s.Table(inst)), inList(n))
}
