package schema

import (
	"strings"
	"testing"
)

// cols builds a table → columns set from "table:col1,col2" specs.
func cols(specs ...string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, spec := range specs {
		table, list, _ := strings.Cut(spec, ":")
		out[table] = map[string]bool{}
		for _, c := range strings.Split(list, ",") {
			if c != "" {
				out[table][c] = true
			}
		}
	}
	return out
}

// The columns the passes read besides the renamed ones.
const (
	instanceRead   = "command_type,history_cmd,schedule_time,start_time,restart_time,task_depend_type,command_param,failure_strategy,warning_type,warning_group_id,executor_id,update_time,worker_group,environment_code,dry_run"
	commandRead    = "command_type,command_param,task_depend_type,failure_strategy,warning_type,warning_group_id,executor_id,environment_code,dry_run,schedule_time,start_time,update_time,worker_group"
	definitionRead = "name,global_params,project_code,timeout,user_id"
)

var legacyCore = []string{
	"t_ds_process_instance:id,state,process_definition_code,process_definition_version,is_sub_process,process_instance_priority,next_process_instance_id," + instanceRead,
	"t_ds_command:id,process_definition_code,process_definition_version,process_instance_id,process_instance_priority," + commandRead,
	"t_ds_error_command:id,process_definition_code,process_definition_version,process_instance_id,process_instance_priority,message,command_type,command_param",
	"t_ds_task_instance:id,state,process_instance_id,task_type,task_params",
	"t_ds_process_definition_log:id,code,version," + definitionRead,
	"t_ds_user:id,user_name",
}

var renamedCore = []string{
	"t_ds_workflow_instance:id,state,workflow_definition_code,workflow_definition_version,is_sub_workflow,workflow_instance_priority,next_workflow_instance_id,test_flag," + instanceRead,
	"t_ds_command:id,workflow_definition_code,workflow_definition_version,workflow_instance_id,workflow_instance_priority,test_flag," + commandRead,
	"t_ds_error_command:id,workflow_definition_code,workflow_definition_version,workflow_instance_id,workflow_instance_priority,message,test_flag,command_type,command_param",
	"t_ds_task_instance:id,state,workflow_instance_id,workflow_instance_name,test_flag,task_group_id,task_type,task_params",
	"t_ds_workflow_definition_log:id,code,version," + definitionRead,
	"t_ds_task_group:id",
}

func TestClassify(t *testing.T) {
	with := func(base []string, more ...string) []string { return append(append([]string{}, base...), more...) }
	tests := []struct {
		name       string
		specs      []string
		want       Shape
		wantReason string
	}{
		{"2.0", legacyCore, Shape20, ""},
		{"3.0 by task group table", with(legacyCore, "t_ds_task_group:id"), Shape30To32, ""},
		{"3.0 by user time zone", with(legacyCore[:5], "t_ds_user:id,time_zone"), Shape30To32, ""},
		{"3.3", renamedCore, Shape33, ""},
		{"mixed: both instance tables", with(renamedCore, "t_ds_process_instance:id"), ShapeMixed, "both t_ds_process_instance and t_ds_workflow_instance"},
		{"mixed: command columns not renamed", []string{
			renamedCore[0], legacyCore[1], renamedCore[2], renamedCore[3], renamedCore[4]}, ShapeMixed, "t_ds_command.process_instance_id"},
		{"mixed: table renamed, columns not", append([]string{
			"t_ds_workflow_instance:id,process_definition_code,process_definition_version"}, legacyCore[1:]...), ShapeMixed, "already new: t_ds_workflow_instance"},
		{"unknown: empty", nil, ShapeUnknown, "missing DolphinScheduler tables"},
		{"unknown: no command table", append([]string{legacyCore[0]}, legacyCore[2:]...), ShapeUnknown, "command"},
		{"unknown: skeleton tables (only id)", []string{"t_ds_process_instance:id", "t_ds_command:id", "t_ds_error_command:id",
			"t_ds_task_instance:id", "t_ds_process_definition_log:id"}, ShapeUnknown, "t_ds_command lacks columns dsmigrate reads: command_type"},
		{"unknown: instance table without command_param", append([]string{strings.Replace(legacyCore[0], ",command_param", "", 1)}, legacyCore[1:]...),
			ShapeUnknown, "t_ds_process_instance lacks columns dsmigrate reads: command_param"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := classify(cols(tt.specs...))
			if s.Shape != tt.want {
				t.Fatalf("shape = %s, want %s (reasons %q)", s.Shape, tt.want, s.Reasons)
			}
			if tt.wantReason != "" && !strings.Contains(strings.Join(s.Reasons, "; "), tt.wantReason) {
				t.Errorf("reasons %q do not mention %q", s.Reasons, tt.wantReason)
			}
			if tt.wantReason == "" && len(s.Reasons) > 0 {
				t.Errorf("unexpected reasons %q", s.Reasons)
			}
		})
	}
}

func TestNameMap(t *testing.T) {
	old := classify(cols(legacyCore...))
	renamed := classify(cols(renamedCore...))
	checks := []struct {
		table          Logical
		column         string
		legacy, newest string
	}{
		{Instance, DefinitionCode, "process_definition_code", "workflow_definition_code"},
		{Instance, IsSubWorkflow, "is_sub_process", "is_sub_workflow"},
		{Command, InstanceID, "process_instance_id", "workflow_instance_id"},
		{ErrorCommand, "message", "message", "message"},
		{TaskInstance, InstanceID, "process_instance_id", "workflow_instance_id"},
		{TaskInstance, InstanceName, "", "workflow_instance_name"},
		{Instance, "test_flag", "", "test_flag"},
		{Instance, "no_such_column", "", ""},
	}
	for _, c := range checks {
		if got := old.Column(c.table, c.column); got != c.legacy {
			t.Errorf("2.0 %s.%s = %q, want %q", c.table, c.column, got, c.legacy)
		}
		if got := renamed.Column(c.table, c.column); got != c.newest {
			t.Errorf("3.3 %s.%s = %q, want %q", c.table, c.column, got, c.newest)
		}
	}
	if got := old.Table(Instance); got != "t_ds_process_instance" {
		t.Errorf("2.0 instance table = %q", got)
	}
	if got := renamed.Table(DefinitionLog); got != "t_ds_workflow_definition_log" {
		t.Errorf("3.3 definition log table = %q", got)
	}
	if _, err := old.MustColumn(Instance, "test_flag"); err == nil || !strings.Contains(err.Error(), "test_flag") {
		t.Errorf("MustColumn of a missing column: err = %v", err)
	}
}

func TestExpectedShapeOfVersion(t *testing.T) {
	tests := map[string]Shape{"2.0.9": Shape20, "1.3.9": Shape20, "3.0.0": Shape30To32, "3.2.2": Shape30To32, "3.3.0": Shape33, "3.3.1": Shape33}
	for v, want := range tests {
		if got, ok := ExpectedShapeOfVersion(v); !ok || got != want {
			t.Errorf("ExpectedShapeOfVersion(%q) = %s, %v; want %s", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "x", "9"} {
		if _, ok := ExpectedShapeOfVersion(v); ok {
			t.Errorf("ExpectedShapeOfVersion(%q) ok, want not ok", v)
		}
	}
}
