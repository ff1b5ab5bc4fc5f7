package backfill

import (
	"github.com/dsmigrate/dsmigrate/ledger"

	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/tidwall/gjson"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// newInstance is a legacy new-instance command that needs its instance row.
type newInstance struct {
	command int64
	res     transforms.Result
	cols    map[string]any // the command's update; gets the new instance id
}

// commandTypeNames are the history_cmd spellings of the command types that
// create instances (reference §4.2).
var commandTypeNames = map[int64]string{0: "START_PROCESS", 5: "COMPLEMENT_DATA", 6: "SCHEDULER"}

// pendingCommand is what an instance is built from.
type pendingCommand struct {
	id                                                                 int64
	cmdType, code, version, dependType, failure, warning, warningGroup sql.NullInt64
	executor, priority, environment, dryRun                            sql.NullInt64
	scheduleTime, startTime, updateTime                                sql.NullTime
	workerGroup                                                        sql.NullString
}

// definitionInfo is what an instance copies from its definition version.
type definitionInfo struct {
	name, globalParams             sql.NullString
	projectCode, timeout, tenantID sql.NullInt64
	userID                         sql.NullInt64
}

// createInstances builds, set-wise, the instances a 3.3 trigger would have
// created for legacy new-instance commands (state 0, name
// <definition>-<yyyyMMddHHmmssSSS>, reference §5.1) and points the commands
// at them. Times come from the command (start_time, else update_time, else
// schedule_time) and ids are explicit, so a retried batch builds the same rows.
func (e *engine) createInstances(ctx context.Context, tx *sql.Tx, list []newInstance) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	for i, n := range list {
		ids[i] = n.command
	}
	cmds, err := e.readPendingCommands(ctx, tx, ids)
	if err != nil {
		return err
	}
	if err := e.cacheContext(ctx, tx, cmds); err != nil {
		return err
	}
	next, err := e.nextIDs(ctx, tx, len(list), e.s.Table(schema.Instance))
	if err != nil {
		return err
	}
	var columns []string
	var args []any
	created := make([]int64, len(list))
	for i, n := range list {
		c, ok := cmds[n.command]
		if !ok {
			return fmt.Errorf("create instance: command %d vanished", n.command)
		}
		values := e.instanceValues(c, n.res)
		values["id"] = next
		if columns == nil {
			columns = e.presentColumns(values)
		}
		for _, col := range columns {
			args = append(args, values[col])
		}
		n.cols[e.s.Column(schema.Command, schema.InstanceID)] = next
		created[i] = next
		next++
	}
	phys := make([]string, len(columns))
	for i, c := range columns {
		phys[i] = e.s.Column(schema.Instance, c)
	}
	query := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", q(e.s.Table(schema.Instance)), quoteAll(phys), placeholders(len(list), len(columns)))
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("create %d instances for commands: %w", len(list), err)
	}
	return ledger.Created(ctx, tx, e.run, e.s.Table(schema.Instance), created)
}

// presentColumns keeps the logical columns the shape has, sorted.
func (e *engine) presentColumns(values map[string]any) []string {
	var out []string
	for k := range values {
		if k == "id" || e.s.HasColumn(schema.Instance, k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func (e *engine) instanceValues(c pendingCommand, res transforms.Result) map[string]any {
	cmdType := c.cmdType.Int64
	if res.Changes.CommandType.Valid {
		cmdType = res.Changes.CommandType.Int
	}
	base := firstTime(c.startTime, c.updateTime, c.scheduleTime)
	schedule := any(nil)
	if c.scheduleTime.Valid {
		schedule = c.scheduleTime.Time
	}
	if first := gjson.Get(res.CommandParam.String, "backfillTimeList.0"); first.Exists() {
		schedule = first.String() // the instance runs the first backfill date (reference §5.2)
	}
	def := e.defs[[2]int64{c.code.Int64, c.version.Int64}]
	executor := c.executor
	if !executor.Valid {
		executor = def.userID // executor_id is NOT NULL on instances
	}
	return map[string]any{
		"name":                   fmt.Sprintf("%s-%s%03d", def.name.String, base.Format("20060102150405"), base.Nanosecond()/1e6),
		schema.DefinitionCode:    c.code.Int64,
		schema.DefinitionVersion: c.version.Int64,
		"project_code":           nullable(def.projectCode),
		"state":                  0,
		"recovery":               0,
		"start_time":             base,
		"restart_time":           base,
		"command_start_time":     base,
		"update_time":            base,
		"run_times":              1,
		"command_type":           cmdType,
		"command_param":          e.fitInstanceParam(res.CommandParam),
		"task_depend_type":       orDefault(c.dependType, 2),
		"max_try_times":          0,
		"failure_strategy":       orDefault(c.failure, 1),
		"warning_type":           orDefault(c.warning, 0),
		"warning_group_id":       nullable(c.warningGroup),
		"schedule_time":          schedule,
		"global_params":          strValue(nullStr(def.globalParams)),
		"flag":                   1,
		schema.IsSubWorkflow:     0,
		"executor_id":            nullable(executor),
		"executor_name":          strValue(nullStr(e.users[executor.Int64])),
		"history_cmd":            commandTypeNames[cmdType],
		schema.InstancePriority:  orDefault(c.priority, 2),
		"worker_group":           orString(c.workerGroup, "default"),
		"environment_code":       orDefault(c.environment, -1),
		"timeout":                orDefault(def.timeout, 0),
		"tenant_id":              orDefault(def.tenantID, -1),
		"tenant_code":            e.tenantOf(c.code),
		"dry_run":                orDefault(c.dryRun, 0),
		schema.NextInstanceID:    0,
		"test_flag":              0,
	}
}

// fitInstanceParam is a new instance's param, escaped for its column's charset.
func (e *engine) fitInstanceParam(p transforms.NullString) any {
	if !p.Valid {
		return nil
	}
	return fitCharset(e.s, schema.Instance, "command_param", p.String)
}

// tenantOf is the tenant DS's 3.2.0 data step gives an instance: its
// definition's schedule's tenant_code, else "default" (reference §1.3).
func (e *engine) tenantOf(code sql.NullInt64) string {
	if t := e.tenants[code.Int64]; t != "" {
		return t
	}
	return "default"
}

func (e *engine) readPendingCommands(ctx context.Context, tx querier, ids []int64) (map[int64]pendingCommand, error) {
	s, l := e.s, schema.Command
	query := fmt.Sprintf(`SELECT id, command_type, %s, %s, task_depend_type, failure_strategy, warning_type, warning_group_id,
 executor_id, %s, environment_code, dry_run, schedule_time, start_time, update_time, worker_group FROM %s WHERE id IN (%s)`,
		q(s.Column(l, schema.DefinitionCode)), q(s.Column(l, schema.DefinitionVersion)), q(s.Column(l, schema.InstancePriority)),
		q(s.Table(l)), inList(len(ids)))
	rows, err := tx.QueryContext(ctx, query, int64Args(ids)...)
	if err != nil {
		return nil, wrapEffect(err, "read %d new-instance commands", len(ids))
	}
	defer rows.Close()
	out := map[int64]pendingCommand{}
	for rows.Next() {
		var c pendingCommand
		if err := rows.Scan(&c.id, &c.cmdType, &c.code, &c.version, &c.dependType, &c.failure, &c.warning, &c.warningGroup,
			&c.executor, &c.priority, &c.environment, &c.dryRun, &c.scheduleTime, &c.startTime, &c.updateTime, &c.workerGroup); err != nil {
			return nil, err
		}
		out[c.id] = c
	}
	return out, rows.Err()
}

func firstTime(ts ...sql.NullTime) time.Time {
	for _, t := range ts {
		if t.Valid {
			return t.Time
		}
	}
	return time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
}

func nullable(v sql.NullInt64) any {
	if !v.Valid {
		return nil
	}
	return v.Int64
}

func orDefault(v sql.NullInt64, d int64) int64 {
	if !v.Valid {
		return d
	}
	return v.Int64
}

func orString(v sql.NullString, d string) string {
	if !v.Valid || v.String == "" {
		return d
	}
	return v.String
}
