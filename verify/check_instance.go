package verify

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// instanceRow is what the rules read of a workflow instance.
type instanceRow struct {
	id                                         int64
	state, commandType, taskDependType, testFl sql.NullInt64
	startTime, scheduleTime                    sql.NullTime
	param                                      sql.NullString
	code, version                              sql.NullInt64
}

// instanceEnv is what an instance's rules need from other tables.
type instanceEnv struct {
	hasTestFlag     bool                         // the column exists (3.2+ shapes)
	failoverPending func(id int64) bool          // a type-2 command for it is in t_ds_command
	errorCommand    func(id int64) (int64, bool) // an error command names it
	pendingCommand  func(id int64) bool          // any command for it is in t_ds_command
	definition      func(code, version sql.NullInt64) defCheck
	zone            *time.Location // server time zone (V07); nil = UTC
}

// checkInstance applies V01–V04, V06, V07 and V09 to one instance. Scope:
// a finished instance (3.3 isFinished, or a legacy code DESIGN §4.2 maps to
// one) is never driven by a master until an operator re-runs or recovers it
// through the API, which reads only its own columns and param: it gets
// V01–V03. Its definition version, start nodes, zone and backfill dates are
// checked by the command that would re-run it, if one is pending.
func checkInstance(r instanceRow, env instanceEnv, emit func(rule, severity, message, fix string)) {
	p := ParseCommandParam(ptr(r.param), ICommandParam)
	if pr, bad := instanceParamProblem(p, r.param); bad { // V01
		emit(pr.Rule, SeverityError, pr.Message, pr.Fix)
	}
	finished := instanceFinished(r.state)
	switch { // V02
	case !r.state.Valid:
		emit(V02, SeverityError, "state is NULL: no 3.3 master or API action works on the instance", manual("set state by hand"))
	case !liveWorkflowState(r.state.Int64):
		emit(V02, SeverityError, "state "+code(r.state, workflowStateName)+" vanished in 3.3 (reads as null)", FixUpgrade)
	case r.state.Int64 == 18 && !env.failoverPending(r.id):
		emit(V02, SeverityError, "state 18 FAILOVER without a pending failover command: stuck forever (#16878)", FixRepair)
	}
	checkInstanceColumns(r, env, finished, emit) // V03
	if finished {
		return
	}
	def := env.definition(r.code, r.version) // V04
	if def.problem != "" {
		emit(V04, SeverityError, def.problem, def.fix)
	}
	if p.OK {
		if why := startNodesProblem(p, def); why != "" { // V06
			emit(V06, SeverityError, why, manual("set startNodes to task codes of the definition version, or null"))
		}
		if why := zoneProblem(p.TimeZone); why != "" { // V07
			emit(V07, SeverityError, why, manual("set timeZone to a valid zone id or null"))
		}
		if why := backfillProblem(p, r.scheduleTime, env.zone); why != "" {
			emit(V07, SeverityError, why, manual("rebuild backfillTimeList from the instance's schedule_time"))
		}
	}
	// V09: unfinished, not failed over at boot, nothing pending, and its last
	// command failed into t_ds_error_command.
	if r.state.Valid && (r.state.Int64 == 0 || r.state.Int64 == 14 || r.state.Int64 == 17 || r.state.Int64 == 18) {
		if errID, ok := env.errorCommand(r.id); ok && !env.pendingCommand(r.id) {
			emit(V09, SeverityError, fmt.Sprintf("state %s with no pending command; its command sits in t_ds_error_command (id %d), and a 3.3 master does not fail this state over",
				code(r.state, workflowStateName), errID), FixResubmit)
		}
	}
}

// checkInstanceColumns is V03.
func checkInstanceColumns(r instanceRow, env instanceEnv, finished bool, emit func(rule, severity, message, fix string)) {
	switch {
	case !r.commandType.Valid:
		emit(V03, SeverityError, "command_type is NULL (NPE in BusinessTimeUtils at every task dispatch)", manual("set command_type from history_cmd"))
	case !liveCommandType(r.commandType.Int64):
		emit(V03, SeverityError, "command_type "+code(r.commandType, commandTypeName)+" vanished in 3.3 (reads as null: NPE in BusinessTimeUtils)", FixUpgrade)
	}
	switch {
	case !r.taskDependType.Valid:
		emit(V03, SeverityError, "task_depend_type is NULL (NPE in WorkflowGraphTopologyLogicalVisitor)", FixUpgrade)
	case r.taskDependType.Int64 < 0 || r.taskDependType.Int64 > 2:
		emit(V03, SeverityError, fmt.Sprintf("task_depend_type %d is not a TaskDependType (reads as null)", r.taskDependType.Int64), manual("set task_depend_type to 2"))
	}
	switch {
	case !env.hasTestFlag:
		emit(V03, SeverityError, "test_flag does not exist yet: DS's 3.2.0 script adds it as NULL, and a NULL test_flag hides every task instance from failover and recovery", FixAfterDS)
	case !r.testFl.Valid:
		emit(V03, SeverityError, "test_flag is NULL: its task instances are invisible to failover and recovery", FixUpgrade)
	case r.testFl.Int64 != 0 && r.testFl.Int64 != 1:
		emit(V03, SeverityError, fmt.Sprintf("test_flag %d is not 0 or 1", r.testFl.Int64), manual("set test_flag to 0"))
	}
	if !finished && !r.startTime.Valid {
		emit(V03, SeverityError, "unfinished and start_time is NULL (the failover coordinator falls back to it)", FixUpgrade)
	}
}

// startNodesProblem is V06 for a parsed param against its graph.
func startNodesProblem(p Param, def defCheck) string {
	if !p.HasStartNodes || len(p.StartNodes) == 0 {
		return ""
	}
	var missing []string
	for _, n := range p.StartNodes {
		switch {
		case !n.Valid:
			return "startNodes has a null element (Cannot find task: null)"
		case def.codes != nil && !def.codes[n.Value]:
			missing = append(missing, fmt.Sprint(n.Value))
		}
	}
	if len(missing) > 0 {
		return "startNodes " + strings.Join(firstN(missing, 5), ", ") + " not in the definition version's graph (Cannot find task)"
	}
	return ""
}

// paramFix names the fix of an unparseable param: upgrade types what is
// NULL, ” or a JSON object that fits; it refuses the rest (DESIGN §4).
func paramFix(param sql.NullString) string {
	if !param.Valid || param.String == "" {
		return FixUpgrade
	}
	sc := &scanner{s: param.String}
	sc.ws()
	start := sc.i
	if start < len(sc.s) && sc.s[start] == '{' && sc.value() && len(param.String) < 60000 {
		sc.ws()
		if sc.i == len(sc.s) {
			return FixUpgrade
		}
	}
	return fixUntypeableParam
}

func ptr(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}
