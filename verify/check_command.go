package verify

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/tidwall/gjson"
)

// commandRow is what the rules read of a t_ds_command row.
type commandRow struct {
	id            int64
	commandType   sql.NullInt64
	code, version sql.NullInt64
	instanceID    sql.NullInt64
	param         sql.NullString
}

// instanceInfo is what a command's rules read of its instance.
type instanceInfo struct {
	state        sql.NullInt64
	scheduleTime sql.NullTime
}

// commandEnv is what a command's rules need from other tables.
type commandEnv struct {
	instance   func(id int64) (instanceInfo, bool)
	definition func(code, version sql.NullInt64) defCheck
	// failovers maps an instance to its first pending failover command; the
	// command pass fills it in id order (DESIGN §4.1: at most one).
	failovers map[int64]int64
	zone      *time.Location // server time zone (V07); nil = UTC
}

// checkCommand applies V05, and V04/V06/V07 to what the command will run, to
// one pending command.
func checkCommand(r commandRow, env commandEnv, emit func(rule, severity, message, fix string)) {
	if !r.commandType.Valid || !handledCommandType(r.commandType.Int64) { // V05: handler
		fix := FixUpgrade // 1 and 10 are converted, 8, 9, 11-13 retired
		if !r.commandType.Valid || r.commandType.Int64 < 0 || r.commandType.Int64 > 13 {
			fix = manual("delete the command")
		}
		emit(V05, SeverityError, "command_type "+code(r.commandType, commandTypeName)+
			" has no 3.3 handler: the master moves it to t_ds_error_command (Cannot find ICommandHandler)", fix)
		return
	}
	if parent, task, ok := pendingSubProcess(r.param); ok { // V05: sub-process (issue #12.3)
		emit(V05, SeverityError, fmt.Sprintf("pending 2.0.9 sub-process command of parent instance %d (task instance %d): "+
			"3.3 starts the child from the parent's SUB_WORKFLOW task, so this command would run the child twice", parent, task), FixUpgrade)
		return
	}
	typ := r.commandType.Int64
	newRun := typ == 0 || typ == 5 || typ == 6
	inst, found := instanceInfo{}, false
	if r.instanceID.Valid && r.instanceID.Int64 > 0 {
		inst, found = env.instance(r.instanceID.Int64)
	}
	if !found { // V05: instance
		fix := FixUpgrade // creates the instance a 3.3 trigger would have created
		what := "points at no workflow instance (workflow_instance_id " + nullInt(r.instanceID) + ")"
		if r.instanceID.Valid && r.instanceID.Int64 > 0 {
			what = fmt.Sprintf("points at workflow instance %d, which does not exist", r.instanceID.Int64)
		}
		if !newRun {
			fix = manual("delete the command: the instance it would resume is gone")
		}
		emit(V05, SeverityError, what+" (the 3.3 handlers load it by id: NPE)", fix)
	}
	def := env.definition(r.code, r.version) // V04
	if def.problem != "" {
		emit(V04, SeverityError, def.problem, def.fix)
	}
	switch {
	case newRun: // V05: the param becomes the instance's
		p := ParseCommandParam(ptr(r.param), ICommandParam)
		want := typeIDForCommand[typ]
		switch {
		case !p.OK:
			emit(V05, SeverityError, "command_param does not parse as ICommandParam, and the handler copies it into the instance: "+p.Reason, paramFix(r.param))
			return
		case p.TypeID != want:
			emit(V05, SeverityError, fmt.Sprintf("command_param is a %s param, a type-%d command needs %s", p.TypeID, typ, want), FixUpgrade)
		}
		if why := startNodesProblem(p, def); why != "" { // V06
			emit(V06, SeverityError, why, manual("set startNodes to task codes of the definition version, or null"))
		}
		if why := zoneProblem(p.TimeZone); why != "" { // V07
			emit(V07, SeverityError, why, manual("set timeZone to a valid zone id or null"))
		}
		var first sql.NullTime
		if found {
			first = inst.scheduleTime
		}
		if why := backfillProblem(p, first, env.zone); why != "" {
			emit(V07, SeverityError, why, manual("rebuild backfillTimeList from the instance's schedule_time"))
		}
	case typ == 2: // V05: failover
		checkFailoverParam(r.param, func(severity, message, fix string) { emit(V05, severity, message, fix) })
		if found {
			if first, dup := env.failovers[r.instanceID.Int64]; dup {
				emit(V05, SeverityError, fmt.Sprintf("second pending failover command for instance %d (command %d is the first): the instance would be taken over twice",
					r.instanceID.Int64, first), FixUpgrade)
			} else {
				env.failovers[r.instanceID.Int64] = r.id
			}
		}
	}
	// 3, 4, 7: the handler ignores command_param (3.3 writes NULL) and reads
	// the instance's, which V01 checks.
}

// checkFailoverParam is what WorkflowFailoverCommandHandler needs of a
// type-2 command's param.
func checkFailoverParam(param sql.NullString, emit func(severity, message, fix string)) {
	p := ParseCommandParam(ptr(param), FailoverCommandParam)
	switch {
	case !p.OK:
		emit(SeverityError, "command_param does not parse as WorkflowFailoverCommandParam: "+p.Reason+
			" (the failover handler throws and the instance stays at 18)", paramFix(param))
	case p.Status == "":
		emit(SeverityError, "workflowExecutionStatus is null (absent, unknown name or ordinal out of range): the instance would keep state 18", manual("set workflowExecutionStatus to RUNNING_EXECUTION, READY_PAUSE or READY_STOP"))
	case !failoverStatuses[p.Status]:
		emit(SeverityError, "workflowExecutionStatus "+p.Status+" is not one a failover resumes (RUNNING_EXECUTION, READY_PAUSE, READY_STOP)", manual("set the pre-failover status"))
	case p.StatusFromNumber:
		emit(SeverityWarning, "workflowExecutionStatus is given as an ordinal (Jackson reads "+p.Status+"); 3.3 writes names and ordinals shift between versions", manual("write the status by name"))
	}
}

// pendingSubProcess recognises a command 2.0.9's createSubProcessCommand
// wrote for a child not created yet (ProcessService.java:1233-1270): a
// legacy param (no commandType) naming parentProcessInstanceId or
// parentTaskInstanceId, with processInstanceId 0 or absent. upgrade retires
// it (DESIGN §4.1).
func pendingSubProcess(param sql.NullString) (parent, task int64, ok bool) {
	if !param.Valid || !gjson.Valid(param.String) {
		return 0, 0, false
	}
	obj := gjson.Parse(param.String)
	if !obj.IsObject() || obj.Get("commandType").Exists() {
		return 0, 0, false
	}
	parent, task = obj.Get("parentProcessInstanceId").Int(), obj.Get("parentTaskInstanceId").Int()
	return parent, task, (parent > 0 || task > 0) && obj.Get("processInstanceId").Int() == 0
}
