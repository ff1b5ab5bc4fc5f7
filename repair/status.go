package repair

import (
	"strconv"
	"strings"

	"github.com/dsmigrate/dsmigrate/transforms"
	"github.com/tidwall/gjson"
)

// Where the state a repaired instance resumes comes from (Entry.Source).
const (
	SourceErrorCommand   = "error command"   // + " <id>"
	SourcePendingCommand = "pending command" // + " <id>"
	SourceStateHistory   = "state_history"
	SourceInferred       = "inferred"
)

// statusByOrdinal is DS 3.3's WorkflowExecutionStatus in declaration order:
// Jackson reads a JSON number (or a string of digits) into an enum as an
// index into values(), not as the DS code (reference §3.5).
var statusByOrdinal = []string{
	"SUBMITTED_SUCCESS", "RUNNING_EXECUTION", "READY_PAUSE", "PAUSE", "READY_STOP", "STOP",
	"FAILURE", "SUCCESS", "SERIAL_WAIT", "WAIT_TO_RUN", "FAILOVER",
}

// resumable reports a status the 3.3 failover handler can restore
// (NEED_FAILOVER_STATES, reference §4.3).
func resumable(name string) bool {
	return name == transforms.StatusRunning || name == transforms.StatusReadyPause || name == transforms.StatusReadyStop
}

// paramStatus reads the workflowExecutionStatus of a failover command's
// param the way Jackson does: a name (case-sensitive; unknown → null), or a
// number / digit string taken as an ordinal. It returns the status when it is
// one the failover handler resumes, else "" and why not.
func paramStatus(param transforms.NullString) (status, why string) {
	if !param.Valid || strings.TrimSpace(param.String) == "" {
		return "", "command_param is NULL or empty"
	}
	if !gjson.Valid(param.String) {
		return "", "command_param is not valid JSON"
	}
	obj := gjson.Parse(param.String)
	if !obj.IsObject() {
		return "", "command_param is not a JSON object"
	}
	var v gjson.Result
	found := false
	obj.ForEach(func(k, val gjson.Result) bool {
		if k.Str == "workflowExecutionStatus" {
			v, found = val, true // Jackson: the last occurrence wins
		}
		return true
	})
	if !found {
		return "", "no workflowExecutionStatus"
	}
	var name string
	switch v.Type {
	case gjson.Null:
		return "", "workflowExecutionStatus is null"
	case gjson.String:
		name = v.Str
		if isDigits(name) {
			name = ordinalName(name)
		}
	case gjson.Number:
		if !isDigits(v.Raw) {
			return "", "workflowExecutionStatus " + v.Raw + " is not an enum index"
		}
		name = ordinalName(v.Raw)
	default:
		return "", "workflowExecutionStatus is a JSON " + v.Type.String()
	}
	if !resumable(name) {
		if name == "" {
			return "", "workflowExecutionStatus " + clipRaw(v.Raw) + " names no 3.3 status (Jackson reads null)"
		}
		return "", "workflowExecutionStatus " + clipRaw(v.Raw) + " (" + name + ") is not RUNNING_EXECUTION, READY_PAUSE or READY_STOP"
	}
	return name, ""
}

// ordinalName maps a digit string to the status at that ordinal, "" when out of range.
func ordinalName(digits string) string {
	n, err := strconv.Atoi(digits)
	if err != nil || n < 0 || n >= len(statusByOrdinal) {
		return ""
	}
	return statusByOrdinal[n]
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// historyStatus reads the state before FAILOVER from a 3.1+ state_history:
// the JSON list WorkflowInstance.setStateWithDesc appends to, one
// {"time","state","desc"} object per transition, oldest first, the state
// serialised by enum name (WorkflowExecutionStatus has no @JsonValue). 3.3
// parks an instance at 18 with a plain UPDATE that does not append, so the
// last entry that is not FAILOVER is the state it was failed over from.
func historyStatus(history transforms.NullString) (status, why string) {
	if !history.Valid || strings.TrimSpace(history.String) == "" {
		return "", "state_history is empty"
	}
	if !gjson.Valid(history.String) {
		return "", "state_history is not valid JSON"
	}
	list := gjson.Parse(history.String)
	if !list.IsArray() {
		return "", "state_history is not a JSON list"
	}
	entries := list.Array()
	for i := len(entries) - 1; i >= 0; i-- {
		st := entries[i].Get("state")
		if st.Type != gjson.String {
			return "", "state_history entry " + strconv.Itoa(i) + " has no state name"
		}
		if st.Str == "FAILOVER" {
			continue
		}
		if !resumable(st.Str) {
			return "", "the last state before FAILOVER in state_history is " + clipRaw(st.Raw) + ", not one a failover resumes"
		}
		return st.Str, ""
	}
	return "", "state_history names no state before FAILOVER"
}

func clipRaw(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
