package ledger

import (
	"fmt"

	"github.com/dsmigrate/dsmigrate/schema"
)

// updatable lists, per logical table, the columns dsmigrate's passes and
// repair ever change (logical names, see schema.Column). Rollback restores
// only these: ledger text naming anything else (t_ds_user.user_password) is
// refused, never written.
var updatable = map[schema.Logical][]string{
	schema.Command:      {"command_param", "command_type", "test_flag", "task_depend_type", "start_time", schema.InstanceID, schema.DefinitionVersion},
	schema.ErrorCommand: {"command_param", "command_type", "test_flag", "task_depend_type", "start_time", schema.InstanceID, schema.DefinitionVersion},
	schema.Instance:     {"command_param", "state", "command_type", "test_flag", "task_depend_type", "start_time"},
	schema.TaskInstance: {"task_type", "task_params", "state", "test_flag"},
}

// removable are the tables dsmigrate deletes rows from (retired commands,
// error commands repair moved back); creatable those it inserts rows into.
var (
	removable = map[schema.Logical]bool{schema.Command: true, schema.ErrorCommand: true}
	creatable = map[schema.Logical]bool{schema.Instance: true, schema.Command: true, schema.ErrorCommand: true}
)

// target is a ledger (table, column, action) resolved to the physical names
// of the shape rollback finds.
type target struct {
	table, column, action string // as the ledger names them (values only)
	logical               schema.Logical
	physTable, physColumn string // identifiers from the detected schema; physColumn "" for '*'
}

// resolve maps a ledger entry through the allow-list and the schema map of
// the current shape (2.0 names → 3.3 names). A nil error means SQL may name
// t.physTable and t.physColumn.
func resolve(s *schema.Schema, table, column, action string) (target, error) {
	t := target{table: table, column: column, action: action, logical: schema.LogicalTable(table)}
	allowed := false
	switch action {
	case ActionUpdated:
		allowed = contains(updatable[t.logical], schema.LogicalColumn(t.logical, column))
	case ActionRemoved:
		allowed = removable[t.logical]
	case ActionCreated:
		allowed = creatable[t.logical] && column == "*"
	}
	if t.logical == "" || !allowed {
		return t, fmt.Errorf("the backup names %s.%s (%s), which dsmigrate never changes", table, column, action)
	}
	if t.physTable = s.Table(t.logical); t.physTable == "" {
		return t, fmt.Errorf("the backup names table %s, which this %s schema does not have", table, s.Shape)
	}
	if column == "*" {
		return t, nil
	}
	t.physColumn = s.Column(t.logical, schema.LogicalColumn(t.logical, column))
	if t.physColumn == "" && action == ActionUpdated {
		return t, fmt.Errorf("the backup names column %s.%s, which this %s schema does not have (as %s)", table, column, s.Shape, t.physTable)
	}
	return t, nil // a removed row's column the shape dropped is left out when it goes back
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
