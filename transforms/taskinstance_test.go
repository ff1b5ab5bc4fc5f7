package transforms

import (
	"strconv"
	"testing"
)

func task(tt string, params NullString) TaskInstanceRow {
	return TaskInstanceRow{ID: 3, TaskType: S(tt), TaskParams: params, State: I(1), TestFlag: I(0)}
}

func taskCases() []tcase {
	const sub = `{"localParams":[],"resourceList":[],"processDefinitionCode":123,"dependence":{}}`
	cs := []tcase{
		{name: "SUB_PROCESS renamed in place", task: task("SUB_PROCESS", S(sub)),
			changes: Changes{TaskType: S("SUB_WORKFLOW"), TaskParams: S(`{"localParams":[],"resourceList":[],"workflowDefinitionCode":123,"dependence":{}}`)},
			rules:   []string{RuleTaskType, RuleTaskParamsKey}},
		{name: "whitespace and escaped key spelling kept around the rename", task: task("SUB_PROCESS", S(" {\n \"process\\u0044efinitionCode\" : \"123\" ,\"x\":1}")),
			changes: Changes{TaskType: S("SUB_WORKFLOW"), TaskParams: S(" {\n \"workflowDefinitionCode\" : \"123\" ,\"x\":1}")}},
		{name: "nested occurrences untouched", task: task("SUB_PROCESS", S(`{"processDefinitionCode":1,"localParams":[{"prop":"processDefinitionCode","value":"processDefinitionCode"}],"x":{"processDefinitionCode":2}}`)),
			changes: Changes{TaskType: S("SUB_WORKFLOW"), TaskParams: S(`{"workflowDefinitionCode":1,"localParams":[{"prop":"processDefinitionCode","value":"processDefinitionCode"}],"x":{"processDefinitionCode":2}}`)}},
		{name: "SUB_WORKFLOW with the old key", task: task("SUB_WORKFLOW", S(`{"processDefinitionCode":5}`)),
			changes: Changes{TaskParams: S(`{"workflowDefinitionCode":5}`)}},
		{name: "DYNAMIC with the old key", task: task("DYNAMIC", S(`{"processDefinitionCode":5,"listParameters":[]}`)),
			changes: Changes{TaskParams: S(`{"workflowDefinitionCode":5,"listParameters":[]}`)}},
		{name: "SUB_PROCESS already with the new key", task: task("SUB_PROCESS", S(`{"workflowDefinitionCode":5}`)),
			changes: Changes{TaskType: S("SUB_WORKFLOW")}},
		{name: "SHELL params untouched even if not JSON", task: func() TaskInstanceRow {
			r := task("SHELL", S(`not json`))
			r.TestFlag = NI
			return r
		}(), changes: Changes{TestFlag: I(0)}, rules: []string{RuleTestFlag}},
		{name: "3.3 row: nothing to do", task: func() TaskInstanceRow {
			r := task("SUB_WORKFLOW", S(`{"workflowDefinitionCode":5}`))
			r.State = I(7)
			return r
		}()},
		{name: "refuse SUB_PROCESS with invalid params", task: task("SUB_PROCESS", S(`{"processDefinitionCode":`)), refused: "task_params"},
		{name: "refuse SUB_PROCESS with array params", task: task("SUB_PROCESS", S(`[]`)), refused: "task_params"},
		{name: "refuse SUB_PROCESS with NULL params", task: task("SUB_PROCESS", NS), refused: "task_params"},
		{name: "refuse both keys", task: task("SUB_PROCESS", S(`{"processDefinitionCode":1,"workflowDefinitionCode":2}`)), refused: "task_params"},
	}
	for _, s := range []struct{ from, to int64 }{{2, 3}, {4, 9}, {5, 9}, {10, 0}, {11, 0}} {
		r := task("SHELL", S(`{}`))
		r.State = I(s.from)
		cs = append(cs, tcase{name: "state " + strconv.FormatInt(s.from, 10), task: r, changes: Changes{State: I(s.to)},
			rules: []string{RuleTaskState}})
	}
	for i := range cs {
		cs[i].kind = TableTaskInstance
	}
	return cs
}

func TestTaskInstance(t *testing.T) { runCases(t, taskCases()) }
