package transforms

// Enum codes and names (reference §4.2) and the per-row decisions on codes
// that vanished in 3.3 (DESIGN §4.2).

// Command type codes (reference §4.2 CommandType).
const (
	cmdStartProcess        = 0
	cmdStartCurrentTask    = 1
	cmdRecoverToleranceFlt = 2
	cmdRecoverSuspended    = 3
	cmdStartFailureTask    = 4
	cmdComplementData      = 5
	cmdScheduler           = 6
	cmdRepeatRunning       = 7
	cmdRecoverWaitThread   = 10
)

// commandTypeNames are CommandType names by code (2.0.9 … dev).
var commandTypeNames = [...]string{
	"START_PROCESS", "START_CURRENT_TASK_PROCESS", "RECOVER_TOLERANCE_FAULT_PROCESS",
	"RECOVER_SUSPENDED_PROCESS", "START_FAILURE_TASK_PROCESS", "COMPLEMENT_DATA", "SCHEDULER",
	"REPEAT_RUNNING", "PAUSE", "STOP", "RECOVER_WAITING_THREAD", "RECOVER_SERIAL_WAIT",
	"EXECUTE_TASK", "DYNAMIC_GENERATION",
}

// commandTypeCode returns the code of a CommandType name.
func commandTypeCode(name string) (int64, bool) {
	for i, n := range commandTypeNames {
		if n == name {
			return int64(i), true
		}
	}
	return 0, false
}

// Workflow instance states (reference §4.2).
const (
	wfSubmitted  = 0
	wfRunning    = 1
	wfReadyPause = 2
	wfPause      = 3
	wfReadyStop  = 4
	wfStop       = 5
	wfFailure    = 6
	wfSuccess    = 7
	wfFailover   = 18
)

// workflowStateNames are the names of every code any version used (2.0.9 … dev).
var workflowStateNames = map[int64]string{
	0: "SUBMITTED_SUCCESS", 1: "RUNNING_EXECUTION", 2: "READY_PAUSE", 3: "PAUSE",
	4: "READY_STOP", 5: "STOP", 6: "FAILURE", 7: "SUCCESS", 8: "NEED_FAULT_TOLERANCE",
	9: "KILL", 10: "WAITING_THREAD", 11: "WAITING_DEPEND", 12: "DELAY_EXECUTION",
	13: "FORCED_SUCCESS", 14: "SERIAL_WAIT", 15: "READY_BLOCK", 16: "BLOCK",
	17: "WAIT_TO_RUN", 18: "FAILOVER",
}

// liveWorkflowStates are the 3.3 WorkflowExecutionStatus codes.
func liveWorkflowState(c int64) bool {
	return (c >= 0 && c <= 7) || c == 14 || c == 17 || c == 18
}

// workflowFinished is 3.3 WorkflowExecutionStatus.isFinished (reference §4.3).
func workflowFinished(c int64) bool {
	return c == wfPause || c == wfStop || c == wfFailure || c == wfSuccess
}

// finishedOrLegacyFinished adds the vanished codes DESIGN §4.2 maps to a
// finished state: 9 KILL, 16 BLOCK (→ 5 STOP) and 13 FORCED_SUCCESS (→ 7).
func finishedOrLegacyFinished(c int64) bool {
	return workflowFinished(c) || c == 9 || c == 13 || c == 16
}

// instanceStateRemap is DESIGN §4.2 for workflow instances. failover=true
// means: state 18 plus a failover command with status RUNNING_EXECUTION.
func instanceStateRemap(c int64) (to int64, failover, ok bool) {
	switch c {
	case 8, 10, 11, 12, 15:
		return wfFailover, true, true
	case 9, 16:
		return wfStop, false, true
	case 13:
		return wfSuccess, false, true
	}
	return c, false, false
}

// taskStateRemap is DESIGN §4.2 for task instances: 2 → 3 PAUSE; 4, 5 → 9
// KILL; 10, 11 → 0 SUBMITTED_SUCCESS.
func taskStateRemap(c int64) (int64, bool) {
	switch c {
	case 2:
		return 3, true
	case 4, 5:
		return 9, true
	case 10, 11:
		return 0, true
	}
	return c, false
}

// liveTaskState: 3.3 TaskExecutionStatus codes (reference §4.2).
func liveTaskState(c int64) bool {
	switch c {
	case 0, 1, 3, 6, 7, 8, 9, 12, 13, 17:
		return true
	}
	return false
}

var taskStateNames = map[int64]string{
	0: "SUBMITTED_SUCCESS", 1: "RUNNING_EXECUTION", 2: "READY_PAUSE", 3: "PAUSE",
	4: "READY_STOP", 5: "STOP", 6: "FAILURE", 7: "SUCCESS", 8: "NEED_FAULT_TOLERANCE",
	9: "KILL", 10: "WAITING_THREAD", 11: "WAITING_DEPEND", 12: "DELAY_EXECUTION",
	13: "FORCED_SUCCESS", 17: "DISPATCH",
}

func stateName(names map[int64]string, c int64) string {
	if n, ok := names[c]; ok {
		return n
	}
	return "unknown"
}

// Typed param type ids (the JSON "commandType" value; reference §3.1).
const (
	idStartProcess = "START_PROCESS"
	idScheduler    = "SCHEDULER"
	idComplement   = "COMPLEMENT_DATA"
	idRepeat       = "REPEAT_RUNNING"
	idRecoverFail  = "START_FAILURE_TASK_PROCESS"
	idFailover     = "RECOVER_TOLERANCE_FAULT"
)

// registeredID reports whether id is one of the six registered type ids.
func registeredID(id string) bool {
	switch id {
	case idStartProcess, idScheduler, idComplement, idRepeat, idRecoverFail, idFailover:
		return true
	}
	return false
}

// ClassOf returns the Java class DS 3.3 deserializes a type id into.
func ClassOf(typeID string) string {
	switch typeID {
	case idStartProcess:
		return "RunWorkflowCommandParam"
	case idScheduler:
		return "ScheduleWorkflowCommandParam"
	case idComplement:
		return "BackfillWorkflowCommandParam"
	case idRepeat:
		return "ReRunWorkflowCommandParam"
	case idRecoverFail:
		return "RecoverFailureTaskCommandParam"
	case idFailover:
		return "WorkflowFailoverCommandParam"
	}
	return ""
}

// WorkflowExecutionStatus names valid in a failover param (reference §5.2).
const (
	StatusRunning    = "RUNNING_EXECUTION"
	StatusReadyPause = "READY_PAUSE"
	StatusReadyStop  = "READY_STOP"
)

// Finding rules.
const (
	RuleParamTyped      = "param-typed"         // legacy command_param → typed 3.3 param
	RuleParamNull       = "param-null"          // command 3/4/7: 3.3 writes NULL
	RuleParamCheck      = "param-check"         // a typed param kept as is has a problem verify will report
	RuleStartNodeIDs    = "start-node-ids"      // StartNodeIdList dropped (task-instance ids, not codes)
	RuleLegacyKey       = "legacy-key-ignored"  // a 1.3 key 2.0.9 never read (StartNodeNameList, WaittingThreadInstanceId)
	RuleSubProcess      = "sub-process-command" // pending 2.0.9 sub-process command retired
	RuleSubWorkflow     = "sub-workflow"        // subWorkflowInstance taken from parentProcessInstanceId
	RuleBackfill        = "backfill"            // notes on backfillTimeList
	RuleInstanceState   = "instance-state"      // vanished instance state remapped
	RuleInstanceFailovr = "instance-failover"   // instance parked at 18 and needs a failover command
	RuleCommandType     = "command-type"        // command_type remapped
	RuleTestFlag        = "test-flag"           // NULL test_flag → 0
	RuleTaskDependType  = "task-depend-type"    // NULL task_depend_type → 2
	RuleStartTime       = "start-time"          // start_time filled / missing
	RuleNeedsInstance   = "needs-instance"      // command points at no instance
	RuleFailoverCommand = "failover-command"    // command becomes a typed failover
	RuleRetire          = "retire"              // command has no 3.3 handler
	RuleSuperseded      = "superseded"          // next date of a running serial complement
	RuleNoInstance      = "no-instance"         // command 3/4/7/retired points at no instance
	RuleUnknownCode     = "unknown-code"        // a code 3.3 does not know, left as is
	RuleTaskState       = "task-state"          // vanished task state remapped
	RuleTaskType        = "task-type"           // SUB_PROCESS → SUB_WORKFLOW
	RuleTaskParamsKey   = "task-params-key"     // processDefinitionCode → workflowDefinitionCode
	RuleErrorCommand    = "error-command-kept"  // error command without 3.3 handler stays
)
