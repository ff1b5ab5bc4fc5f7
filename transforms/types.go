package transforms

import (
	"strconv"
	"strings"
	"time"
)

// Table names a row kind; the values are the DESIGN §3.1 `transform` "table" values.
type Table string

// Row kinds. TableTaskInstance is an extension of the §3.1 contract.
const (
	TableInstance     Table = "instance"
	TableCommand      Table = "command"
	TableErrorCommand Table = "error_command"
	TableTaskInstance Table = "task_instance"
)

// NullInt is a nullable integer column value.
type NullInt struct {
	Int   int64
	Valid bool
}

// NullString is a nullable text column value.
type NullString struct {
	String string
	Valid  bool
}

// Int returns a valid NullInt.
func Int(v int64) NullInt { return NullInt{Int: v, Valid: true} }

// Str returns a valid NullString.
func Str(s string) NullString { return NullString{String: s, Valid: true} }

// Schedule describes the online schedules of a row's workflow definition
// (t_ds_schedules with release_state = 1).
type Schedule struct {
	// Timezone is t_ds_schedules.timezone_id (NULL when the definition has no
	// schedule). Not used for a legacy param's timeZone any more: 2.0.9
	// computed business dates in its master JVM's zone, which 3.3 uses when
	// timeZone is null (DESIGN §4 timeZone; issue #12.4).
	Timezone NullString
	// ServerZone is the zone the 2.0.9 master JVM ran in (dsmigrate
	// --server-timezone): complement fire dates are computed there, as
	// 2.0.9's CronExpression did. nil means UTC.
	ServerZone *time.Location
	// Crons are the Quartz expressions of the online schedules; none means
	// "daily at midnight" for backfill dates (reference §6).
	Crons []string
}

// InstanceRow is a t_ds_process_instance (3.3: t_ds_workflow_instance) row
// with the context its transform needs.
type InstanceRow struct {
	ID             int64
	CommandType    NullInt    // command_type
	State          NullInt    // state
	HistoryCmd     NullString // history_cmd, e.g. "COMPLEMENT_DATA,RECOVER_TOLERANCE_FAULT_PROCESS"
	IsSubProcess   bool       // is_sub_process = 1 (3.3: is_sub_workflow)
	ScheduleTime   NullString // schedule_time, yyyy-MM-dd HH:mm:ss
	StartTime      NullString // start_time
	RestartTime    NullString // restart_time
	TestFlag       NullInt    // test_flag
	TaskDependType NullInt    // task_depend_type
	Schedule       Schedule   // the definition's online schedules
	CommandParam   NullString // command_param
}

// CommandRow is a t_ds_command or t_ds_error_command row with its context.
type CommandRow struct {
	ID          int64
	CommandType NullInt // command_type
	// InstanceID is process_instance_id (3.3: workflow_instance_id); optional
	// context, used in findings only.
	InstanceID NullInt
	// InstanceState is the state of the instance the command points at, NULL
	// when it points at none (DESIGN §3.1 "state"). It must be the instance's
	// state before dsmigrate changed it (its backed-up original), because a
	// failover command resumes the pre-failover state.
	InstanceState NullInt
	// IsSubProcess is the instance's is_sub_process = 1.
	IsSubProcess bool
	Schedule     Schedule   // the definition's online schedules
	CommandParam NullString // command_param
}

// TaskInstanceRow is a t_ds_task_instance row.
type TaskInstanceRow struct {
	ID         int64
	TaskType   NullString // task_type
	TaskParams NullString // task_params
	State      NullInt    // state
	TestFlag   NullInt    // test_flag
}

// Action is a decision that needs the database; the engine acts on it.
type Action string

// Actions.
const (
	// ActionNone: nothing beyond the returned values.
	ActionNone Action = ""
	// ActionNeedsInstance (command 0/1/5/6 pointing at no instance): create
	// the instance row the way a 3.3 trigger does and point the command at
	// it (DESIGN §4.1, reference §5.1). The new command_param tells its
	// schedule_time for a backfill (first backfillTimeList entry).
	ActionNeedsInstance Action = "needs_instance"
	// ActionFailover on an instance: its state is (or becomes, via Changes)
	// 18 FAILOVER and it needs exactly one pending failover command with
	// FailoverStatus (empty when the instance was already at 18: the status
	// must come from its existing failover or error command). On a command:
	// the command is that instance's failover command; the instance must be
	// at 18 and have no other pending failover command (DESIGN §4.1
	// invariant).
	ActionFailover Action = "failover"
	// ActionRetire: move the command to t_ds_error_command with message
	// RetireMessage (DESIGN §4.1).
	ActionRetire Action = "retire"
)

// RetiredPrefix starts the t_ds_error_command.message of every command
// dsmigrate moved there; IsRetired recognises them.
const RetiredPrefix = "retired by dsmigrate: "

// Messages of retired commands, by reason.
const (
	RetireMessage           = RetiredPrefix + "no handler in 3.3"
	RetireSupersededMessage = RetiredPrefix + "superseded by the instance's backfillTimeList (next date of a serial complement)"
	RetireDuplicateMessage  = RetiredPrefix + "duplicate failover command of the instance"
	RetireOrphanMessage     = RetiredPrefix + "definition version missing from the definition log (--orphans=finalize)"
)

// RetireSubProcessMessage is the error-command message of a pending 2.0.9
// sub-process command (DESIGN §4.1): it names the parent instance and its
// SUB_PROCESS task instance.
func RetireSubProcessMessage(parent, task int64) string {
	return RetiredPrefix + "pending 2.0.9 sub-process command of parent instance " + strconv.FormatInt(parent, 10) +
		" (SUB_PROCESS task instance " + strconv.FormatInt(task, 10) + "): 3.3 starts the child from the parent's " +
		"SUB_WORKFLOW task when the parent is recovered; an instance created here would run the child twice"
}

// IsRetired reports whether an error-command message is one dsmigrate wrote.
func IsRetired(message string) bool { return strings.HasPrefix(message, RetiredPrefix) }

// Finding is one reported decision or observation about a row.
type Finding struct {
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Changes holds new column values; an invalid (unset) field means "keep".
// command_param is not here: see Result.CommandParam.
type Changes struct {
	State          NullInt
	CommandType    NullInt
	TestFlag       NullInt
	TaskDependType NullInt
	StartTime      NullString
	TaskType       NullString
	TaskParams     NullString
}

// Empty reports whether no column changes.
func (c Changes) Empty() bool { return c == Changes{} }

// Result is the outcome of one row's transform.
type Result struct {
	Table Table
	ID    int64
	// CommandParam is the new command_param (Valid=false: SQL NULL). It
	// equals the input when ParamChanged is false, and always for a refused
	// row. Unused for task instances.
	CommandParam NullString
	ParamChanged bool
	Changes      Changes
	Findings     []Finding
	// Refused: the row cannot be transformed safely; nothing about it may be
	// written. Reason names the offending key or column first ("key: why").
	Refused bool
	Reason  string
	Action  Action
	// FailoverStatus is the workflowExecutionStatus name that goes with
	// ActionFailover ("" when unknown, see ActionFailover).
	FailoverStatus string
	// RetireMessage is the error-command message for ActionRetire.
	RetireMessage string
	// InstanceRef is the instance id a legacy param names
	// (ProcessInstanceId, WaitingThreadInstanceId, processInstanceId), 0 when
	// none: 2.0.9 error commands lose process_instance_id (reference §5.4).
	InstanceRef int64
}

func (r *Result) find(rule, msg string) { r.Findings = append(r.Findings, Finding{rule, msg}) }

// refuse turns r into a refusal: input param kept, no changes, no action,
// no findings (none of the decisions made so far applies).
func (r *Result) refuse(reason string, param NullString) {
	r.Findings = nil
	r.Refused = true
	r.Reason = reason
	r.CommandParam = param
	r.ParamChanged = false
	r.Changes = Changes{}
	r.Action = ActionNone
	r.RetireMessage = ""
	r.FailoverStatus = ""
}
