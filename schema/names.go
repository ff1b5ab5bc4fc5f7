package schema

// Logical names of the tables dsmigrate reads and writes. Every later package
// asks the detected Schema for the physical name instead of hard-coding it.
type Logical string

const (
	Instance          Logical = "instance"
	Command           Logical = "command"
	ErrorCommand      Logical = "error_command"
	TaskInstance      Logical = "task_instance"
	Definition        Logical = "definition"
	DefinitionLog     Logical = "definition_log"
	TaskDefinition    Logical = "task_definition"
	TaskDefinitionLog Logical = "task_definition_log"
	TaskRelation      Logical = "task_relation"
	TaskRelationLog   Logical = "task_relation_log"
	InstanceRelation  Logical = "instance_relation"
	Schedule          Logical = "schedule"
	Version           Logical = "version"
	User              Logical = "user"
	Tenant            Logical = "tenant"
	Project           Logical = "project"
)

// tableNames gives each logical table its 2.0–3.2 name and its 3.3 name
// (reference §1.4: 3.3.0 renames the t_ds_process_* tables to t_ds_workflow_*).
var tableNames = []struct {
	logical  Logical
	old, new string
}{
	{Instance, "t_ds_process_instance", "t_ds_workflow_instance"},
	{Command, "t_ds_command", "t_ds_command"},
	{ErrorCommand, "t_ds_error_command", "t_ds_error_command"},
	{TaskInstance, "t_ds_task_instance", "t_ds_task_instance"},
	{Definition, "t_ds_process_definition", "t_ds_workflow_definition"},
	{DefinitionLog, "t_ds_process_definition_log", "t_ds_workflow_definition_log"},
	{TaskDefinition, "t_ds_task_definition", "t_ds_task_definition"},
	{TaskDefinitionLog, "t_ds_task_definition_log", "t_ds_task_definition_log"},
	{TaskRelation, "t_ds_process_task_relation", "t_ds_workflow_task_relation"},
	{TaskRelationLog, "t_ds_process_task_relation_log", "t_ds_workflow_task_relation_log"},
	{InstanceRelation, "t_ds_relation_process_instance", "t_ds_relation_workflow_instance"},
	{Schedule, "t_ds_schedules", "t_ds_schedules"},
	{Version, "t_ds_version", "t_ds_version"},
	{User, "t_ds_user", "t_ds_user"},
	{Tenant, "t_ds_tenant", "t_ds_tenant"},
	{Project, "t_ds_project", "t_ds_project"},
}

// coreTables must exist for any shape but "unknown".
var coreTables = []Logical{Instance, Command, ErrorCommand, TaskInstance, DefinitionLog}

// Logical column names used across dsmigrate for the columns 3.3.0 renamed.
// Columns that were never renamed are addressed by their own name.
const (
	DefinitionCode    = "definition_code"
	DefinitionVersion = "definition_version"
	InstanceID        = "instance_id"
	InstancePriority  = "instance_priority"
	IsSubWorkflow     = "is_sub_workflow"
	NextInstanceID    = "next_instance_id"
	ParentInstanceID  = "parent_instance_id"
	InstanceName      = "instance_name"
)

// columnNames gives, per logical table, each renamed column's 2.0–3.2 and 3.3
// names (reference §1.4, 3.3.0 DDL L130–203).
var columnNames = map[Logical][]struct{ logical, old, new string }{
	Instance: {
		{DefinitionCode, "process_definition_code", "workflow_definition_code"},
		{DefinitionVersion, "process_definition_version", "workflow_definition_version"},
		{IsSubWorkflow, "is_sub_process", "is_sub_workflow"},
		{InstancePriority, "process_instance_priority", "workflow_instance_priority"},
		{NextInstanceID, "next_process_instance_id", "next_workflow_instance_id"},
	},
	Command: {
		{DefinitionCode, "process_definition_code", "workflow_definition_code"},
		{DefinitionVersion, "process_definition_version", "workflow_definition_version"},
		{InstanceID, "process_instance_id", "workflow_instance_id"},
		{InstancePriority, "process_instance_priority", "workflow_instance_priority"},
	},
	ErrorCommand: {
		{DefinitionCode, "process_definition_code", "workflow_definition_code"},
		{DefinitionVersion, "process_definition_version", "workflow_definition_version"},
		{InstanceID, "process_instance_id", "workflow_instance_id"},
		{InstancePriority, "process_instance_priority", "workflow_instance_priority"},
	},
	TaskInstance: {
		{InstanceID, "process_instance_id", "workflow_instance_id"},
		// process_instance_name only exists from 3.2.0 on; absent on 2.0.
		{InstanceName, "process_instance_name", "workflow_instance_name"},
	},
	TaskRelation: {
		{DefinitionCode, "process_definition_code", "workflow_definition_code"},
		{DefinitionVersion, "process_definition_version", "workflow_definition_version"},
	},
	TaskRelationLog: {
		{DefinitionCode, "process_definition_code", "workflow_definition_code"},
		{DefinitionVersion, "process_definition_version", "workflow_definition_version"},
	},
	InstanceRelation: {
		{ParentInstanceID, "parent_process_instance_id", "parent_workflow_instance_id"},
		{InstanceID, "process_instance_id", "workflow_instance_id"},
	},
	Schedule: {
		{DefinitionCode, "process_definition_code", "workflow_definition_code"},
		{InstancePriority, "process_instance_priority", "workflow_instance_priority"},
	},
}

// markers30 are tables or columns that DS's 3.0.0 upgrade adds and 2.0.x never
// had; any of them on an old-named schema means 3.0–3.2 (reference §1.3).
var markers30 = []struct{ table, column string }{
	{"t_ds_task_group", ""},
	{"t_ds_audit_log", ""},
	{"t_ds_task_instance", "task_group_id"},
	{"t_ds_user", "time_zone"},
}

// passColumns are the columns the upgrade passes read or copy unconditionally
// (logical names for renamed columns): a core table without one of them is
// not a DolphinScheduler table dsmigrate can work on, whatever its name.
var passColumns = map[Logical][]string{
	Command: {"id", "command_type", DefinitionCode, DefinitionVersion, InstanceID, "command_param", "task_depend_type",
		"failure_strategy", "warning_type", "warning_group_id", "executor_id", InstancePriority, "environment_code",
		"dry_run", "schedule_time", "start_time", "update_time", "worker_group"},
	ErrorCommand: {"id", "command_type", DefinitionCode, DefinitionVersion, InstanceID, "command_param", "message"},
	Instance: {"id", "state", "command_type", "history_cmd", IsSubWorkflow, "schedule_time", "start_time", "restart_time",
		"task_depend_type", "command_param", DefinitionCode, DefinitionVersion, "failure_strategy", "warning_type",
		"warning_group_id", "executor_id", "update_time", InstancePriority, "worker_group", "environment_code", "dry_run"},
	TaskInstance:  {"id", "task_type", "task_params", "state"},
	DefinitionLog: {"id", "code", "version", "name", "global_params", "project_code", "timeout", "user_id"},
}
