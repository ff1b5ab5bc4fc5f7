package transforms

import (
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// Task types whose task_params carry the sub-workflow's definition code
// under processDefinitionCode; DS's 3.3.0 DML renames the key for SUB_WORKFLOW
// and DYNAMIC task definitions (reference §1.3), but never in task instances.
const (
	taskSubProcess  = "SUB_PROCESS"
	taskSubWorkflow = "SUB_WORKFLOW"
	taskDynamic     = "DYNAMIC"
	keyOld          = "processDefinitionCode"
	keyNew          = "workflowDefinitionCode"
)

// TaskInstance transforms a t_ds_task_instance row (DESIGN §4.2; reference
// §6 "Task type rename"): state 2 → 3, 4/5 → 9, 10/11 → 0; NULL test_flag → 0;
// task_type SUB_PROCESS → SUB_WORKFLOW; for SUB_PROCESS, SUB_WORKFLOW and
// DYNAMIC tasks the top-level task_params key processDefinitionCode →
// workflowDefinitionCode, in place (values, other keys and their order kept).
// Such a task's task_params must be a JSON object, else the row is refused.
func TaskInstance(r TaskInstanceRow) Result {
	res := Result{Table: TableTaskInstance, ID: r.ID}
	tt := r.TaskType.String
	if r.TaskType.Valid && (tt == taskSubProcess || tt == taskSubWorkflow || tt == taskDynamic) {
		params, renamed, why := renameKey(r.TaskParams)
		if why != "" {
			res.refuse(why, NullString{})
			return res
		}
		if renamed {
			res.Changes.TaskParams = Str(params)
			res.find(RuleTaskParamsKey, "task_params key "+keyOld+" → "+keyNew)
		}
		if tt == taskSubProcess {
			res.Changes.TaskType = Str(taskSubWorkflow)
			res.find(RuleTaskType, "task_type SUB_PROCESS → SUB_WORKFLOW")
		}
	}
	switch {
	case !r.State.Valid:
		res.find(RuleUnknownCode, "state is NULL; no 3.3 task state to give it")
	default:
		if to, ok := taskStateRemap(r.State.Int); ok {
			res.Changes.State = Int(to)
			res.find(RuleTaskState, "state "+strconv.FormatInt(r.State.Int, 10)+" "+stateName(taskStateNames, r.State.Int)+
				" → "+strconv.FormatInt(to, 10)+" "+stateName(taskStateNames, to))
		} else if !liveTaskState(r.State.Int) {
			res.find(RuleUnknownCode, "state "+strconv.FormatInt(r.State.Int, 10)+" is not a 3.3 task state; left as is")
		}
	}
	if !r.TestFlag.Valid {
		res.Changes.TestFlag = Int(0)
		res.find(RuleTestFlag, "test_flag NULL → 0")
	}
	return res
}

// renameKey renames every top-level processDefinitionCode key of a JSON
// object to workflowDefinitionCode by splicing the key token, so nothing else
// in the text changes. Both keys present is refused (the rename would make a
// duplicate key).
func renameKey(p NullString) (out string, renamed bool, why string) {
	s := p.String
	switch {
	case !p.Valid || s == "":
		return "", false, "task_params: NULL or empty; a sub-workflow task needs a JSON object"
	case !utf8.ValidString(s):
		return "", false, "task_params: not valid UTF-8"
	case !gjson.Valid(s):
		return "", false, "task_params: not valid JSON"
	}
	obj := gjson.Parse(s)
	if !obj.IsObject() {
		return "", false, "task_params: a top-level " + jsonKind(obj) + ", not a JSON object"
	}
	var at [][2]int // [start, end) of the old key tokens
	hasNew := false
	obj.ForEach(func(k, _ gjson.Result) bool {
		switch k.Str {
		case keyOld:
			at = append(at, [2]int{k.Index, k.Index + len(k.Raw)})
		case keyNew:
			hasNew = true
		}
		return true
	})
	if len(at) == 0 {
		return s, false, ""
	}
	if hasNew {
		return "", false, "task_params: has both " + keyOld + " and " + keyNew
	}
	b := make([]byte, 0, len(s)+len(at))
	last := 0
	for _, span := range at {
		b = append(b, s[last:span[0]]...)
		b = append(b, `"`+keyNew+`"`...)
		last = span[1]
	}
	b = append(b, s[last:]...)
	return string(b), true, ""
}
