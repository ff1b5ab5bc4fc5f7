// Package inspect takes the read-only inventory of a DolphinScheduler
// database: its schema shape and table map, the rows dsmigrate would touch
// (instances by state, commands and error commands by type, task instances by
// state), and the risks that make rows unreplayable by a 3.3 master, each
// with a count (DESIGN §3, §3.1).
package inspect

import "github.com/dsmigrate/dsmigrate/schema"

// Report is the JSON contract of `dsmigrate inspect --output json`.
type Report struct {
	Database   string            `json:"database"`
	Shape      schema.Shape      `json:"shape"`
	Reasons    []string          `json:"shape_reasons,omitempty"`
	VersionRow string            `json:"version_row"`
	Tables     map[string]string `json:"tables"`
	Inventory  Inventory         `json:"inventory"`
	Risks      []Risk            `json:"risks"`
	// BackupCommand is the dump command for this server and database (no
	// password: the tool asks for it). Set by the CLI, which knows the DSN.
	BackupCommand string `json:"backup_command,omitempty"`
}

// Inventory counts rows per table.
type Inventory struct {
	Instances     ParamTable `json:"instances"`
	Commands      ParamTable `json:"commands"`
	ErrorCommands ParamTable `json:"error_commands"`
	TaskInstances TaskTable  `json:"task_instances"`
}

// ParamTable counts a table whose rows carry a command_param. ByState is set
// for instances, ByType for commands and error commands; keys are codes as
// decimal strings, "null" for NULL.
type ParamTable struct {
	Total         int64            `json:"total"`
	ByState       map[string]int64 `json:"by_state,omitempty"`
	ByType        map[string]int64 `json:"by_type,omitempty"`
	UntypedParams int64            `json:"untyped_params"`
}

// TaskTable counts task instances.
type TaskTable struct {
	Total        int64            `json:"total"`
	ByState      map[string]int64 `json:"by_state"`
	NullTestFlag int64            `json:"null_test_flag"`
}

// Risk is one kind of problem with the number of rows that have it.
type Risk struct {
	ID      string `json:"id"`
	Count   int64  `json:"count"`
	Message string `json:"message"`
}

// Risk returns the risk with that id (zero Risk when unknown).
func (r *Report) Risk(id string) Risk {
	for _, k := range r.Risks {
		if k.ID == id {
			return k
		}
	}
	return Risk{}
}
