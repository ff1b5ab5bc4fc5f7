package verify

import (
	"database/sql"
	"strconv"
)

// Enum codes as a DS 3.3 master reads them (reference §4.2, §4.3). A code the
// 3.3 enum no longer declares reads as null (MyBatis-Plus).

// liveWorkflowState: 3.3 WorkflowExecutionStatus codes.
func liveWorkflowState(c int64) bool { return c >= 0 && c <= 7 || c == 14 || c == 17 || c == 18 }

// instanceFinished: the instance is done and no master drives it. 3.3's
// isFinished() is {3 PAUSE, 5 STOP, 6 FAILURE, 7 SUCCESS}; legacy codes whose
// DESIGN §4.2 remap is finished (9 KILL, 16 BLOCK → STOP; 13 FORCED_SUCCESS
// → SUCCESS) count as finished too, the others (8, 10, 11, 12, 15 → failover)
// and NULL as unfinished: their rows get the full set of checks.
func instanceFinished(state sql.NullInt64) bool {
	if !state.Valid {
		return false
	}
	switch state.Int64 {
	case 3, 5, 6, 7, 9, 13, 16:
		return true
	}
	return false
}

// pickedUpAtBoot: NEED_FAILOVER_STATES {1, 2, 4}, which the first 3.3 master
// fails over on start (reference §5.2), so no command needs to drive them.
func pickedUpAtBoot(state sql.NullInt64) bool {
	return state.Valid && (state.Int64 == 1 || state.Int64 == 2 || state.Int64 == 4)
}

// liveCommandType: 3.3 CommandType codes (10 RECOVER_WAITING_THREAD vanished).
func liveCommandType(c int64) bool { return c >= 0 && c <= 13 && c != 10 }

// handledCommandType: the command types a 3.3 master has a handler for.
func handledCommandType(c int64) bool { return c == 0 || c >= 2 && c <= 7 }

// retiredCommandType: no 3.3 handler and nothing dsmigrate converts them to
// (DESIGN §4.1 retires them); 1 and 10 are converted instead.
func retiredCommandType(c int64) bool { return c == 8 || c == 9 || c >= 11 && c <= 13 }

// liveTaskState: 3.3 TaskExecutionStatus codes.
func liveTaskState(c int64) bool {
	switch c {
	case 0, 1, 3, 6, 7, 8, 9, 12, 13, 17:
		return true
	}
	return false
}

var commandTypeNames = [...]string{
	"START_PROCESS", "START_CURRENT_TASK_PROCESS", "RECOVER_TOLERANCE_FAULT_PROCESS",
	"RECOVER_SUSPENDED_PROCESS", "START_FAILURE_TASK_PROCESS", "COMPLEMENT_DATA", "SCHEDULER",
	"REPEAT_RUNNING", "PAUSE", "STOP", "RECOVER_WAITING_THREAD", "RECOVER_SERIAL_WAIT",
	"EXECUTE_TASK", "DYNAMIC_GENERATION",
}

var workflowStateNames = map[int64]string{
	0: "SUBMITTED_SUCCESS", 1: "RUNNING_EXECUTION", 2: "READY_PAUSE", 3: "PAUSE",
	4: "READY_STOP", 5: "STOP", 6: "FAILURE", 7: "SUCCESS", 8: "NEED_FAULT_TOLERANCE",
	9: "KILL", 10: "WAITING_THREAD", 11: "WAITING_DEPEND", 12: "DELAY_EXECUTION",
	13: "FORCED_SUCCESS", 14: "SERIAL_WAIT", 15: "READY_BLOCK", 16: "BLOCK",
	17: "WAIT_TO_RUN", 18: "FAILOVER",
}

var taskStateNames = map[int64]string{
	0: "SUBMITTED_SUCCESS", 1: "RUNNING_EXECUTION", 2: "READY_PAUSE", 3: "PAUSE",
	4: "READY_STOP", 5: "STOP", 6: "FAILURE", 7: "SUCCESS", 8: "NEED_FAULT_TOLERANCE",
	9: "KILL", 10: "WAITING_THREAD", 11: "WAITING_DEPEND", 12: "DELAY_EXECUTION",
	13: "FORCED_SUCCESS", 17: "DISPATCH",
}

// code formats a nullable code with its name: "10 RECOVER_WAITING_THREAD", "NULL".
func code(v sql.NullInt64, names func(int64) string) string {
	if !v.Valid {
		return "NULL"
	}
	s := strconv.FormatInt(v.Int64, 10)
	if n := names(v.Int64); n != "" {
		s += " " + n
	}
	return s
}

func commandTypeName(c int64) string {
	if c >= 0 && c < int64(len(commandTypeNames)) {
		return commandTypeNames[c]
	}
	return ""
}

func workflowStateName(c int64) string { return workflowStateNames[c] }
func taskStateName(c int64) string     { return taskStateNames[c] }

// typeIDForCommand is the param type a pending command of a new-run type must
// carry: RunWorkflowCommandHandler copies it into the instance.
var typeIDForCommand = map[int64]string{0: TypeStartProcess, 5: TypeComplement, 6: TypeScheduler}

// Failover statuses a 3.3 master resumes (reference §5.2).
var failoverStatuses = map[string]bool{"RUNNING_EXECUTION": true, "READY_PAUSE": true, "READY_STOP": true}
