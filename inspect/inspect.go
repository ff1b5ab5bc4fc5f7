package inspect

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/dsmigrate/dsmigrate/internal/keyset"
	"github.com/dsmigrate/dsmigrate/schema"
)

// Options tune Run.
type Options struct {
	PageSize int // rows per keyset page (default keyset.DefaultSize)
}

// Run detects the schema and takes the inventory. It only reads. On a mixed or
// unknown shape it returns the report with the shape, reasons and table map
// and no inventory (the names cannot be trusted).
func Run(ctx context.Context, db *sql.DB, opts Options) (*Report, error) {
	s, err := schema.Detect(ctx, db)
	if err != nil {
		return nil, err
	}
	r := &Report{Database: s.Database, Shape: s.Shape, Reasons: s.Reasons, VersionRow: s.VersionRow, Tables: map[string]string{}}
	for l, phys := range s.Tables() {
		r.Tables[string(l)] = phys
	}
	if !s.Shape.Writable() {
		return r, nil
	}
	c := &collector{db: db, s: s, size: opts.PageSize, counts: map[string]int64{}}
	if err := c.collect(ctx, r); err != nil {
		return nil, err
	}
	r.Risks = c.risks(r)
	return r, nil
}

// collector holds what one inspection has counted so far.
type collector struct {
	db     *sql.DB
	s      *schema.Schema
	size   int
	defs   map[[2]int64]bool // (code, version) pairs of the definition log
	counts map[string]int64  // risk id → count
}

func (c *collector) collect(ctx context.Context, r *Report) error {
	var err error
	if c.defs, err = c.definitionVersions(ctx); err != nil {
		return err
	}
	if r.Inventory.Instances, err = c.instances(ctx); err != nil {
		return err
	}
	if r.Inventory.Commands, err = c.commands(ctx, schema.Command); err != nil {
		return err
	}
	if r.Inventory.ErrorCommands, err = c.commands(ctx, schema.ErrorCommand); err != nil {
		return err
	}
	r.Inventory.TaskInstances, err = c.taskInstances(ctx)
	return err
}

// definitionVersions loads the (code, version) pairs of the definition log.
// Its size follows the number of workflow versions, not of instances.
func (c *collector) definitionVersions(ctx context.Context) (map[[2]int64]bool, error) {
	defs := map[[2]int64]bool{}
	scan := keyset.Scan{Table: c.s.Table(schema.DefinitionLog), ID: "id", Columns: []string{"code", "version"}, Size: c.size, Dialect: c.s.Dialect}
	err := scan.Each(ctx, c.db, func(next func(...any) error) error {
		var code, version sql.NullInt64
		if err := next(&code, &version); err != nil {
			return err
		}
		if code.Valid && version.Valid {
			defs[[2]int64{code.Int64, version.Int64}] = true
		}
		return nil
	})
	return defs, err
}

// orphan reports whether a (code, version) reference has no definition log row.
func (c *collector) orphan(code, version sql.NullInt64) bool {
	return !code.Valid || !version.Valid || !c.defs[[2]int64{code.Int64, version.Int64}]
}

// column returns the physical column or the literal NULL when the shape lacks it.
func (c *collector) column(l schema.Logical, name string) string {
	if p := c.s.Column(l, name); p != "" {
		return p
	}
	return "NULL"
}

func codeKey(v sql.NullInt64) string {
	if !v.Valid {
		return "null"
	}
	return strconv.FormatInt(v.Int64, 10)
}

func (c *collector) countParam(p sql.NullString) paramClass {
	pc := classifyParam(p.String, p.Valid)
	if pc.unparseable {
		c.counts[riskUnparseable]++
	}
	if pc.startNodeID {
		c.counts[riskStartNodeIDList]++
	}
	if pc.legacy13 {
		c.counts[riskLegacy13Keys]++
	}
	return pc
}

func (c *collector) instances(ctx context.Context) (ParamTable, error) {
	t := ParamTable{ByState: map[string]int64{}}
	l := schema.Instance
	scan := keyset.Scan{Table: c.s.Table(l), ID: "id", Size: c.size, Dialect: c.s.Dialect, Columns: []string{
		"state", "command_type", c.column(l, schema.DefinitionCode), c.column(l, schema.DefinitionVersion),
		"command_param", c.column(l, "test_flag")}}
	testFlagColumn := c.s.HasColumn(l, "test_flag")
	err := scan.Each(ctx, c.db, func(next func(...any) error) error {
		var state, cmdType, code, version, testFlag sql.NullInt64
		var param sql.NullString
		if err := next(&state, &cmdType, &code, &version, &param, &testFlag); err != nil {
			return err
		}
		t.Total++
		t.ByState[codeKey(state)]++
		if c.countParam(param).untyped {
			t.UntypedParams++
		}
		if state.Valid && vanishedInstanceStates[state.Int64] {
			c.counts[riskVanishedInstanceStates]++
		}
		if state.Valid && state.Int64 == 18 {
			c.counts[riskFailoverInstances]++
		}
		if cmdType.Valid && cmdType.Int64 == 10 {
			c.counts[riskVanishedInstanceCommandTypes]++
		}
		if c.orphan(code, version) {
			c.counts[riskOrphanDefinitionRefs]++
		}
		if !testFlagColumn || !testFlag.Valid {
			c.counts[riskNullTestFlag]++
		}
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("inspect instances: %w", err)
	}
	return t, nil
}

func (c *collector) commands(ctx context.Context, l schema.Logical) (ParamTable, error) {
	t := ParamTable{ByType: map[string]int64{}}
	scan := keyset.Scan{Table: c.s.Table(l), ID: "id", Size: c.size, Dialect: c.s.Dialect, Columns: []string{
		"command_type", c.column(l, schema.DefinitionCode), c.column(l, schema.DefinitionVersion),
		c.column(l, schema.InstanceID), "command_param"}}
	err := scan.Each(ctx, c.db, func(next func(...any) error) error {
		var cmdType, code, version, instanceID sql.NullInt64
		var param sql.NullString
		if err := next(&cmdType, &code, &version, &instanceID, &param); err != nil {
			return err
		}
		t.Total++
		t.ByType[codeKey(cmdType)]++
		if c.countParam(param).untyped {
			t.UntypedParams++
		}
		if c.orphan(code, version) {
			c.counts[riskOrphanDefinitionRefs]++
		}
		if l == schema.Command {
			c.countCommandRisks(cmdType, instanceID)
		}
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("inspect %s: %w", l, err)
	}
	return t, nil
}

func (c *collector) countCommandRisks(cmdType, instanceID sql.NullInt64) {
	if !cmdType.Valid || !handledCommandTypes[cmdType.Int64] {
		c.counts[riskUnhandledCommandTypes]++
	}
	if cmdType.Valid && newInstanceCommandTypes[cmdType.Int64] && (!instanceID.Valid || instanceID.Int64 == 0) {
		c.counts[riskNewInstanceCommands]++
	}
}

func (c *collector) taskInstances(ctx context.Context) (TaskTable, error) {
	t := TaskTable{ByState: map[string]int64{}}
	table := c.s.Dialect.Quote(c.s.Table(schema.TaskInstance))
	rows, err := c.db.QueryContext(ctx, "SELECT state, COUNT(*) FROM "+table+" GROUP BY state")
	if err != nil {
		return t, fmt.Errorf("inspect task instances by state: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state sql.NullInt64
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			return t, fmt.Errorf("inspect task instances: %w", err)
		}
		t.Total += n
		t.ByState[codeKey(state)] = n
		if state.Valid && vanishedTaskStates[state.Int64] {
			c.counts[riskVanishedTaskStates] += n
		}
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("inspect task instances: %w", err)
	}
	nullFlag := "COUNT(*)" // 2.0 shape: DS adds test_flag as NULL and never fills it (reference §1.3)
	if c.s.HasColumn(schema.TaskInstance, "test_flag") {
		nullFlag = "COALESCE(SUM(CASE WHEN test_flag IS NULL THEN 1 ELSE 0 END), 0)"
	}
	var sub int64
	// CASE, not SUM(condition): PostgreSQL does not sum booleans.
	q := "SELECT " + nullFlag + ", COALESCE(SUM(CASE WHEN task_type = 'SUB_PROCESS' THEN 1 ELSE 0 END), 0) FROM " + table
	if err := c.db.QueryRowContext(ctx, q).Scan(&t.NullTestFlag, &sub); err != nil {
		return t, fmt.Errorf("inspect task instances test_flag: %w", err)
	}
	c.counts[riskNullTestFlag] += t.NullTestFlag
	c.counts[riskSubProcessTasks] = sub
	return t, nil
}
