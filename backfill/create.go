package backfill

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tidwall/gjson"

	"github.com/dsmigrate/dsmigrate/schema"
	"github.com/dsmigrate/dsmigrate/transforms"
)

// commandTypeNames are the history_cmd spellings of the command types that
// create instances (reference §4.2).
var commandTypeNames = map[int64]string{0: "START_PROCESS", 5: "COMPLEMENT_DATA", 6: "SCHEDULER"}

// pendingCommand is what an instance is built from.
type pendingCommand struct {
	cmdType, code, version, dependType, failure, warning, warningGroup sql.NullInt64
	executor, priority, environment, dryRun                            sql.NullInt64
	scheduleTime, startTime, updateTime                                sql.NullTime
	workerGroup, tenantCode                                            sql.NullString
}

// definitionInfo is what an instance copies from its definition version.
type definitionInfo struct {
	name, globalParams             sql.NullString
	projectCode, timeout, tenantID sql.NullInt64
	userID                         sql.NullInt64
}

// createInstanceFor builds the instance a 3.3 trigger would have created for
// a legacy new-instance command (state 0, name <definition>-<yyyyMMddHHmmssSSS>,
// reference §5.1) and points the command at it. Times come from the command
// (start_time, else update_time, else schedule_time), so a rerun builds the
// same row.
func (e *engine) createInstanceFor(cmdID int64, res transforms.Result, cols map[string]any) effect {
	return func(ctx context.Context, tx *sql.Tx) error {
		c, err := e.readPendingCommand(ctx, tx, cmdID)
		if err != nil {
			return err
		}
		def, err := e.readDefinition(ctx, tx, c.code, c.version)
		if err != nil {
			return err
		}
		values := e.instanceValues(ctx, tx, c, def, res)
		id, err := nextID(ctx, tx, e.s.Table(schema.Instance))
		if err != nil {
			return err
		}
		if err := insertRow(ctx, tx, e.s, schema.Instance, id, values); err != nil {
			return fmt.Errorf("create instance for command %d: %w", cmdID, err)
		}
		if err := recordCreated(ctx, tx, e.run, e.s.Table(schema.Instance), id); err != nil {
			return err
		}
		cols[e.s.Column(schema.Command, schema.InstanceID)] = id
		return nil
	}
}

func (e *engine) instanceValues(ctx context.Context, tx *sql.Tx, c pendingCommand, def definitionInfo, res transforms.Result) map[string]any {
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
	tenant := e.scheduleTenant(ctx, tx, c.code)
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
		"command_param":          strValue(res.CommandParam),
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
		"executor_name":          e.userName(ctx, tx, executor),
		"history_cmd":            commandTypeNames[cmdType],
		schema.InstancePriority:  orDefault(c.priority, 2),
		"worker_group":           orString(c.workerGroup, "default"),
		"environment_code":       orDefault(c.environment, -1),
		"timeout":                orDefault(def.timeout, 0),
		"tenant_id":              orDefault(def.tenantID, -1),
		"tenant_code":            tenant,
		"dry_run":                orDefault(c.dryRun, 0),
		schema.NextInstanceID:    0,
		"test_flag":              0,
	}
}

func (e *engine) readPendingCommand(ctx context.Context, tx *sql.Tx, id int64) (pendingCommand, error) {
	s, l := e.s, schema.Command
	query := fmt.Sprintf(`SELECT command_type, %s, %s, task_depend_type, failure_strategy, warning_type, warning_group_id,
 executor_id, %s, environment_code, dry_run, schedule_time, start_time, update_time, worker_group FROM %s WHERE id = ?`,
		q(s.Column(l, schema.DefinitionCode)), q(s.Column(l, schema.DefinitionVersion)), q(s.Column(l, schema.InstancePriority)),
		q(s.Table(l)))
	var c pendingCommand
	err := tx.QueryRowContext(ctx, query, id).Scan(&c.cmdType, &c.code, &c.version, &c.dependType, &c.failure, &c.warning,
		&c.warningGroup, &c.executor, &c.priority, &c.environment, &c.dryRun, &c.scheduleTime, &c.startTime, &c.updateTime,
		&c.workerGroup)
	return c, wrapEffect(err, "read command %d", id)
}

func (e *engine) readDefinition(ctx context.Context, tx *sql.Tx, code, version sql.NullInt64) (definitionInfo, error) {
	s := e.s
	tenant := "NULL"
	if s.HasColumn(schema.DefinitionLog, "tenant_id") {
		tenant = q("tenant_id")
	}
	query := fmt.Sprintf("SELECT name, global_params, project_code, timeout, %s, user_id FROM %s WHERE code = ? AND version = ? ORDER BY id LIMIT 1",
		tenant, q(s.Table(schema.DefinitionLog)))
	var d definitionInfo
	err := tx.QueryRowContext(ctx, query, code, version).Scan(&d.name, &d.globalParams, &d.projectCode, &d.timeout, &d.tenantID, &d.userID)
	return d, wrapEffect(err, "read definition %s version %s", show(code), show(version))
}

func (e *engine) userName(ctx context.Context, tx *sql.Tx, id sql.NullInt64) any {
	if !id.Valid || e.s.Table(schema.User) == "" {
		return nil
	}
	var name sql.NullString
	_ = tx.QueryRowContext(ctx, fmt.Sprintf("SELECT user_name FROM %s WHERE id = ?", q(e.s.Table(schema.User))), id.Int64).Scan(&name)
	return strValue(nullStr(name))
}

// scheduleTenant is the tenant DS's 3.2.0 data step gives an instance: its
// definition's schedule's tenant_code, else "default" (reference §1.3).
func (e *engine) scheduleTenant(ctx context.Context, tx *sql.Tx, code sql.NullInt64) string {
	if !e.s.HasColumn(schema.Schedule, "tenant_code") {
		return "default"
	}
	var tenant sql.NullString
	query := fmt.Sprintf("SELECT tenant_code FROM %s WHERE %s = ? ORDER BY id LIMIT 1",
		q(e.s.Table(schema.Schedule)), q(e.s.Column(schema.Schedule, schema.DefinitionCode)))
	if err := tx.QueryRowContext(ctx, query, code).Scan(&tenant); err != nil || !tenant.Valid || tenant.String == "" {
		return "default"
	}
	return tenant.String
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
