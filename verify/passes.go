package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dsmigrate/dsmigrate/schema"
)

// commands is V05 (and V04, V06, V07 for what a command runs) on t_ds_command.
func (v *verifier) commands(ctx context.Context) error {
	l := schema.Command
	q := pageQuery{d: v.s.Dialect, table: v.s.Table(l), size: v.size, columns: []string{"command_type",
		v.col(l, schema.DefinitionCode), v.col(l, schema.DefinitionVersion), v.col(l, schema.InstanceID), "command_param"}}
	return eachPage(ctx, v.db, q, func(rows *sql.Rows) (commandRow, int64, error) {
		var r commandRow
		err := rows.Scan(&r.id, &r.commandType, &r.code, &r.version, &r.instanceID, &r.param)
		return r, r.id, err
	}, func(page []commandRow) error {
		ids := make([]int64, 0, len(page))
		for _, r := range page {
			if r.instanceID.Valid && r.instanceID.Int64 > 0 {
				ids = append(ids, r.instanceID.Int64)
			}
		}
		insts, err := v.instancesByID(ctx, ids)
		if err != nil {
			return err
		}
		env := commandEnv{definition: v.definition(ctx), failovers: v.failovers, zone: v.zone,
			instance: func(id int64) (instanceInfo, bool) { i, ok := insts[id]; return i, ok }}
		for _, r := range page {
			v.c.report.Checked.Commands++
			checkCommand(r, env, v.emitter(l, r.id))
			if r.instanceID.Valid {
				if _, named := v.errRefs[r.instanceID.Int64]; named {
					v.pending[r.instanceID.Int64] = true
				}
			}
		}
		return v.err
	})
}

// instancesByID reads state and schedule_time of the instances a page of
// commands points at (primary-key lookups).
func (v *verifier) instancesByID(ctx context.Context, ids []int64) (map[int64]instanceInfo, error) {
	out := make(map[int64]instanceInfo, len(ids))
	limit := v.s.Dialect.MaxParams()
	for start := 0; start < len(ids); start += limit {
		if err := v.readInstances(ctx, ids[start:min(start+limit, len(ids))], out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readInstances reads one statement's worth of instancesByID.
func (v *verifier) readInstances(ctx context.Context, ids []int64, out map[int64]instanceInfo) error {
	d := v.s.Dialect
	q := d.Rebind(fmt.Sprintf("SELECT id, state, schedule_time FROM %s WHERE id IN (%s)", d.Quote(v.s.Table(schema.Instance)), inList(len(ids))))
	rows, err := v.db.QueryContext(ctx, q, int64Args(ids)...)
	if err != nil {
		return fmt.Errorf("verify: read instances of commands: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var i instanceInfo
		if err := rows.Scan(&id, &i.state, &i.scheduleTime); err != nil {
			return fmt.Errorf("verify: scan instance: %w", err)
		}
		out[id] = i
	}
	return rows.Err()
}

// instances is V01–V04, V06, V07 and V09 on the workflow instances.
func (v *verifier) instances(ctx context.Context) error {
	l := schema.Instance
	q := pageQuery{d: v.s.Dialect, table: v.s.Table(l), size: v.size, columns: []string{"state", "command_type", "task_depend_type",
		v.col(l, "test_flag"), "start_time", "schedule_time", "command_param",
		v.col(l, schema.DefinitionCode), v.col(l, schema.DefinitionVersion)}}
	env := instanceEnv{hasTestFlag: v.s.HasColumn(l, "test_flag"), definition: v.definition(ctx),
		failoverPending: func(id int64) bool { _, ok := v.failovers[id]; return ok },
		errorCommand:    func(id int64) (int64, bool) { e, ok := v.errRefs[id]; return e, ok },
		pendingCommand:  func(id int64) bool { return v.pending[id] }, zone: v.zone}
	return eachPage(ctx, v.db, q, func(rows *sql.Rows) (instanceRow, int64, error) {
		var r instanceRow
		err := rows.Scan(&r.id, &r.state, &r.commandType, &r.taskDependType, &r.testFl, &r.startTime, &r.scheduleTime,
			&r.param, &r.code, &r.version)
		return r, r.id, err
	}, func(page []instanceRow) error {
		for _, r := range page {
			v.c.report.Checked.Instances++
			checkInstance(r, env, v.emitter(l, r.id))
		}
		return v.err
	})
}

// tasks is V08 on the task instances.
func (v *verifier) tasks(ctx context.Context) error {
	l := schema.TaskInstance
	q := pageQuery{d: v.s.Dialect, table: v.s.Table(l), size: v.size, columns: []string{"name", "task_type", "state", "flag",
		v.col(l, "test_flag"), v.col(l, schema.InstanceID)}}
	hasFlag := v.s.HasColumn(l, "test_flag")
	return eachPage(ctx, v.db, q, func(rows *sql.Rows) (taskRow, int64, error) {
		var r taskRow
		err := rows.Scan(&r.id, &r.name, &r.taskType, &r.state, &r.flag, &r.testFl, &r.instanceID)
		return r, r.id, err
	}, func(page []taskRow) error {
		var ids []int64
		seen := map[int64]bool{}
		for _, r := range page {
			if r.flag.Valid && r.flag.Int64 == 1 && !knownTaskType(r.taskType.String, false) && !seen[r.instanceID.Int64] {
				seen[r.instanceID.Int64] = true
				ids = append(ids, r.instanceID.Int64)
			}
		}
		insts, err := v.instancesByID(ctx, ids) // only for the rows whose severity depends on it
		if err != nil {
			return err
		}
		env := taskEnv{hasTestFlag: hasFlag, instanceState: func(id int64) (sql.NullInt64, bool) {
			i, ok := insts[id]
			return i.state, ok
		}}
		for _, r := range page {
			v.c.report.Checked.TaskInstances++
			emit := v.emitter(l, r.id)
			checkTask(r, env, func(severity, message, fix string) { emit(V08, severity, message, fix) })
		}
		return v.err
	})
}

// duplicates is V08's uniqueness check: one grouped query returns only the
// duplicate groups, so nothing per task instance is held.
func (v *verifier) duplicates(ctx context.Context) error {
	l := schema.TaskInstance
	d := v.s.Dialect
	inst := d.Quote(v.s.Column(l, schema.InstanceID))
	group := inst + ", name"
	if v.s.HasColumn(l, "test_flag") { // valid = flag 1 and test_flag = the instance's
		group += ", COALESCE(" + d.Quote("test_flag") + ", 0)"
	}
	// The first 50 ids of each group (FirstIDs: MySQL refuses GROUP_CONCAT … LIMIT).
	q := fmt.Sprintf(`SELECT %s, name, COUNT(*), MAX(id), %s
FROM %s WHERE flag = 1 GROUP BY %s HAVING COUNT(*) > 1 ORDER BY MIN(id)`, inst, d.FirstIDs("id", 50), d.Quote(v.s.Table(l)), group)
	rows, err := v.db.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("verify: find duplicate task instance names: %w", err)
	}
	var groups []duplicateGroup
	for rows.Next() {
		var g duplicateGroup
		var instance sql.NullInt64
		var name, list sql.NullString
		var newest int64
		if err := rows.Scan(&instance, &name, &g.count, &newest, &list); err != nil {
			rows.Close()
			return fmt.Errorf("verify: scan duplicate group: %w", err)
		}
		g.instance, g.name = instance.Int64, name.String
		for _, s := range strings.Split(list.String, ",") {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil && id != newest {
				g.ids = append(g.ids, id)
			}
		}
		g.ids = append(g.ids, newest)
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("verify: read duplicate groups: %w", err)
	}
	for start := 0; start < len(groups); start += v.size {
		batch := groups[start:min(start+v.size, len(groups))]
		ids := make([]int64, len(batch))
		for i, g := range batch {
			ids[i] = g.instance
		}
		insts, err := v.instancesByID(ctx, ids)
		if err != nil {
			return err
		}
		for _, g := range batch {
			i, found := insts[g.instance]
			duplicateFindings(g, i.state, found, func(id int64, severity, message, fix string) {
				v.emitter(l, id)(V08, severity, message, fix)
			})
		}
	}
	return v.err
}

// originalParams returns a lookup of the command_param dsmigrate backed up
// for error commands whose instance is named nowhere else (see
// errorCommandInstance). Without a ledger it finds nothing.
func (v *verifier) originalParams(ctx context.Context) func([]errorCommandRow) (map[int64]sql.NullString, error) {
	var runs []any
	if rows, err := v.db.QueryContext(ctx, "SELECT id FROM dsmigrate_run"); err == nil {
		for rows.Next() {
			var id int64
			if rows.Scan(&id) == nil {
				runs = append(runs, id)
			}
		}
		rows.Close()
	}
	table := v.s.Table(schema.ErrorCommand)
	return func(page []errorCommandRow) (map[int64]sql.NullString, error) {
		out := map[int64]sql.NullString{}
		var ids []any
		for _, r := range page {
			if (!r.instanceID.Valid || r.instanceID.Int64 <= 0) && legacyInstanceRef(r.param) == 0 {
				ids = append(ids, r.id)
			}
		}
		if len(runs) == 0 || len(ids) == 0 {
			return out, nil
		}
		q := v.s.Dialect.Rebind(fmt.Sprintf(`SELECT row_id, original FROM dsmigrate_backup WHERE run_id IN (%s) AND table_name = ? AND row_id IN (%s)
 AND column_name = 'command_param' ORDER BY run_id DESC`, inList(len(runs)), inList(len(ids))))
		args := append(append(append([]any{}, runs...), table), ids...)
		rows, err := v.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("verify: read backed-up error command params: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var orig sql.NullString
			if err := rows.Scan(&id, &orig); err != nil {
				return nil, fmt.Errorf("verify: scan backup: %w", err)
			}
			out[id] = orig // the lowest run wins: it holds the first original
		}
		return out, rows.Err()
	}
}
