package verify

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// taskRow is what V08 reads of a t_ds_task_instance row.
type taskRow struct {
	id                              int64
	name, taskType                  sql.NullString
	state, flag, testFl, instanceID sql.NullInt64
}

// taskEnv is what V08 needs from other tables.
type taskEnv struct {
	hasTestFlag bool
	// instanceState is the state of the task's workflow instance (found
	// false: the instance is gone).
	instanceState func(id int64) (sql.NullInt64, bool)
}

// checkTask is V08 for one task instance. Scope: state and test_flag on
// every row (the API lists task instances filtered by test_flag, and
// recovery reads finished ones); the task type only on valid (flag 1) rows,
// the only ones a master re-attaches, as an error under an unfinished
// instance and a warning under a finished one (it matters only if an
// operator recovers that instance).
func checkTask(r taskRow, env taskEnv, emit func(severity, message, fix string)) {
	switch {
	case !r.state.Valid:
		emit(SeverityError, "state is NULL (Cannot find TaskStateAction)", manual("set the task state by hand"))
	case !liveTaskState(r.state.Int64):
		emit(SeverityError, "state "+code(r.state, taskStateName)+" vanished in 3.3 (reads as null: Cannot find TaskStateAction)", FixUpgrade)
	}
	switch {
	case !env.hasTestFlag:
		emit(SeverityError, "test_flag does not exist yet: DS's 3.2.0 script adds it as NULL, and findValidTaskListByWorkflowInstanceId never returns such rows", FixAfterDS)
	case !r.testFl.Valid:
		emit(SeverityError, "test_flag is NULL: invisible to failover and recovery (completed tasks would run again)", FixUpgrade)
	}
	if !r.flag.Valid || r.flag.Int64 != 1 {
		return
	}
	if t := r.taskType.String; !knownTaskType(t, false) {
		severity := SeverityError
		if st, ok := env.instanceState(r.instanceID.Int64); !ok || instanceFinished(st) {
			severity = SeverityWarning
		}
		fix := manual("no 3.3 plugin runs this task type")
		if t == "SUB_PROCESS" {
			fix = FixUpgrade
		}
		emit(severity, "task_type "+strconv.Quote(t)+" has no 3.3 plugin (Cannot find TaskChannel)", fix)
	}
}

// duplicateGroup is a set of valid task instances of one workflow instance
// with the same name (and test_flag).
type duplicateGroup struct {
	instance int64
	name     string
	count    int64
	ids      []int64 // ascending, the newest last, possibly fewer than count
}

// duplicateFindings reports every row of the group but the newest: failover
// and recover build Collectors.toMap(TaskInstance::getName, …), which throws
// on a duplicate name. An error unless the instance succeeded (3.3 re-run
// marks every task instance invalid first, so only failover and the recover
// handlers read them).
func duplicateFindings(g duplicateGroup, state sql.NullInt64, found bool, emit func(id int64, severity, message, fix string)) {
	severity := SeverityError
	if !found || state.Valid && (state.Int64 == 7 || state.Int64 == 13) {
		severity = SeverityWarning
	}
	newest := g.ids[len(g.ids)-1]
	others := make([]string, 0, len(g.ids))
	for _, id := range g.ids {
		others = append(others, strconv.FormatInt(id, 10))
	}
	more := ""
	if int64(len(g.ids)) < g.count {
		more = fmt.Sprintf(" (%d in all)", g.count)
	}
	for _, id := range g.ids[:len(g.ids)-1] {
		emit(id, severity, fmt.Sprintf("valid task instances %s%s of workflow instance %d share the name %q (Collectors.toMap: duplicate key in failover/recover)",
			strings.Join(others, ", "), more, g.instance, clip(g.name)),
			manual(fmt.Sprintf("keep one valid try: set flag=0 on all but task instance %d", newest)))
	}
}
