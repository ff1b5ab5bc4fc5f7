package transforms

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cmd is a command row pointing at an instance in state (NI: at none).
func cmd(ct int64, state NullInt, param NullString) CommandRow {
	return CommandRow{ID: 7, CommandType: I(ct), InstanceState: state, CommandParam: param}
}

const failoverRunning = `{"commandType":"RECOVER_TOLERANCE_FAULT","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null,"workflowExecutionStatus":"RUNNING_EXECUTION"}`

// subProcessParam is what 2.0.9's createSubProcessCommand writes for a child
// not created yet (ProcessInstanceMap JSON plus fatherParams).
const subProcessParam = `{"id":3,"parentProcessInstanceId":10,"parentTaskInstanceId":20,"processInstanceId":0,"fatherParams":"{\"p\":\"1\"}"}`

// TestSubProcessCommandRetired: a pending 2.0.9 sub-process command moves to
// t_ds_error_command with a message naming the parent instance and task; in
// t_ds_error_command it is converted and reported (#12.3).
func TestSubProcessCommandRetired(t *testing.T) {
	res := Command(cmd(0, NI, S(subProcessParam)))
	if res.Action != ActionRetire || !IsRetired(res.RetireMessage) ||
		!strings.Contains(res.RetireMessage, "parent instance 10 ") || !strings.Contains(res.RetireMessage, "task instance 20)") {
		t.Errorf("action %q, message %q", res.Action, res.RetireMessage)
	}
	if res.ParamChanged || res.InstanceRef != 0 {
		t.Errorf("retired command changed: %+v", res)
	}
	er := ErrorCommand(cmd(0, NI, S(subProcessParam)))
	if er.Action == ActionRetire || !er.ParamChanged || !slices.ContainsFunc(er.Findings, func(f Finding) bool { return f.Rule == RuleSubProcess }) {
		t.Errorf("error command: %+v", er)
	}
}

func commandCases() []tcase {
	cs := []tcase{
		{name: "start, new instance", cmd: cmd(0, NI, S(`{}`)), param: typed("START_PROCESS", nulls),
			action: ActionNeedsInstance, rules: []string{RuleNeedsInstance}},
		{name: "start with params, new instance", cmd: cmd(0, NI, S(`{"StartParams":"{\"b\":\"2\",\"a\":\"1\"}"}`)),
			param:  typed("START_PROCESS", `"startNodes":null,"commandParams":[`+prop("a", `"1"`)+","+prop("b", `"2"`)+`],"timeZone":null`),
			action: ActionNeedsInstance},
		{name: "start on an existing instance (3.x style)", cmd: cmd(0, I(0), S(`{}`)), param: typed("START_PROCESS", nulls)},
		{name: "start current task → start with startNodes", cmd: cmd(1, NI, S(`{"StartNodeList":"7,8"}`)),
			param:   typed("START_PROCESS", `"startNodes":[7,8],"commandParams":null,"timeZone":null`),
			changes: Changes{CommandType: I(0)}, action: ActionNeedsInstance, rules: []string{RuleCommandType}},
		{name: "failover of RUNNING", cmd: cmd(2, I(1), S(`{"ProcessInstanceId":12}`)), param: failoverRunning,
			action: ActionFailover, status: StatusRunning, ref: 12, rules: []string{RuleFailoverCommand}},
		{name: "failover of READY_PAUSE", cmd: cmd(2, I(2), S(`{"ProcessInstanceId":"12"}`)),
			param:  typed("RECOVER_TOLERANCE_FAULT", nulls+`,"workflowExecutionStatus":"READY_PAUSE"`),
			action: ActionFailover, status: StatusReadyPause, ref: 12},
		{name: "failover of READY_STOP", cmd: cmd(2, I(4), S(`{"ProcessInstanceId":12}`)),
			param:  typed("RECOVER_TOLERANCE_FAULT", nulls+`,"workflowExecutionStatus":"READY_STOP"`),
			action: ActionFailover, status: StatusReadyStop, ref: 12},
		{name: "failover of WAITING_THREAD", cmd: cmd(2, I(10), S(`{"ProcessInstanceId":12}`)), param: failoverRunning,
			action: ActionFailover, status: StatusRunning, ref: 12},
		{name: "failover of SUBMITTED_SUCCESS", cmd: cmd(2, I(0), S(`{"ProcessInstanceId":12}`)), param: failoverRunning,
			action: ActionFailover, status: StatusRunning, ref: 12},
		{name: "3.2 failover with StartParams", cmd: cmd(2, I(1), S(`{"ProcessInstanceId":"12","StartParams":"{\"a\":\"b\"}"}`)),
			param: failoverRunning, action: ActionFailover, status: StatusRunning, ref: 12},
		{name: "3.3 typed failover kept", cmd: cmd(2, I(18), S(failoverRunning)), param: wantSame,
			action: ActionFailover, status: StatusRunning},
		{name: "waiting thread → failover", cmd: cmd(10, I(10), S(`{"WaitingThreadInstanceId":"12"}`)), param: failoverRunning,
			changes: Changes{CommandType: I(2)}, action: ActionFailover, status: StatusRunning, ref: 12},
		{name: "waiting thread 1.3 spelling", cmd: cmd(10, I(10), S(`{"WaittingThreadInstanceId":"13"}`)), param: failoverRunning,
			changes: Changes{CommandType: I(2)}, action: ActionFailover, status: StatusRunning},
		{name: "1.3 keys on a start command ignored", cmd: cmd(1, I(1), S(`{"StartNodeNameList":"extract","WaittingThreadInstanceId":"3"}`)),
			param: typed("START_PROCESS", nulls), changes: Changes{CommandType: I(0)}, rules: []string{RuleLegacyKey}},
		{name: "1.3 keys on a new start command: a new instance, not instance 3", cmd: cmd(0, NI, S(`{"StartNodeNameList":"extract","WaittingThreadInstanceId":"3"}`)),
			param: typed("START_PROCESS", nulls), action: ActionNeedsInstance, rules: []string{RuleLegacyKey}},
		{name: "recover suspended → NULL", cmd: cmd(3, I(3), S(`{"ProcessInstanceId":12}`)), param: wantNULL,
			ref: 12, rules: []string{RuleParamNull}},
		{name: "start failure task → NULL", cmd: cmd(4, I(6), S(`{"ProcessInstanceId":12}`)), param: wantNULL, ref: 12},
		{name: "repeat running with StartParams → NULL", cmd: cmd(7, I(7), S(`{"ProcessInstanceId":12,"StartParams":"{\"k\":\"v\"}"}`)),
			param: wantNULL, ref: 12},
		{name: "repeat running NULL stays NULL", cmd: cmd(7, I(7), NS), param: wantNULL},
		{name: "repeat running typed kept", cmd: cmd(7, I(7), S(`{"commandType":"REPEAT_RUNNING","workflowInstanceId":12}`)), param: wantSame},
		{name: "complement command, daily", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(
			`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-03 00:00:00","StartParams":"{\"dt\":\"x\"}"}`),
			Schedule: Schedule{Timezone: S("UTC")}},
			param:  typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":[`+prop("dt", `"x"`)+`],"timeZone":null,"backfillTimeList":["2024-01-01 00:00:00","2024-01-02 00:00:00","2024-01-03 00:00:00"]`),
			action: ActionNeedsInstance},
		{name: "complement parallel sub-window, hourly cron", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(
			`{"complementStartDate":"2024-01-01 10:00:00","complementEndDate":"2024-01-01 12:00:00"}`),
			Schedule: Schedule{Crons: []string{"0 0 * * * ?"}}},
			param:  typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-01 10:00:00","2024-01-01 11:00:00","2024-01-01 12:00:00"]`),
			action: ActionNeedsInstance},
		// #12.4: fire dates in the server zone; 2.0.9's Quartz never fired in a DST gap.
		{name: "complement hourly across the Berlin DST gap", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(
			`{"complementStartDate":"2024-03-31 00:00:00","complementEndDate":"2024-03-31 04:00:00"}`),
			Schedule: Schedule{Crons: []string{"0 0 * * * ?"}, ServerZone: mustZone("Europe/Berlin")}},
			param:  typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-03-31 00:00:00","2024-03-31 01:00:00","2024-03-31 03:00:00","2024-03-31 04:00:00"]`),
			action: ActionNeedsInstance},
		{name: "complement hourly, same night in UTC", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(
			`{"complementStartDate":"2024-03-31 00:00:00","complementEndDate":"2024-03-31 04:00:00"}`),
			Schedule: Schedule{Crons: []string{"0 0 * * * ?"}, ServerZone: mustZone("UTC")}},
			param:  typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-03-31 00:00:00","2024-03-31 01:00:00","2024-03-31 02:00:00","2024-03-31 03:00:00","2024-03-31 04:00:00"]`),
			action: ActionNeedsInstance},
		{name: "complement hourly, Berlin autumn hour once", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(
			`{"complementStartDate":"2024-10-27 01:00:00","complementEndDate":"2024-10-27 03:00:00"}`),
			Schedule: Schedule{Crons: []string{"0 0 * * * ?"}, ServerZone: mustZone("Europe/Berlin")}},
			param:  typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-10-27 01:00:00","2024-10-27 02:00:00","2024-10-27 03:00:00"]`),
			action: ActionNeedsInstance},
		{name: "complement Feb 29 only in leap years", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(
			`{"complementStartDate":"2023-01-01 00:00:00","complementEndDate":"2024-12-31 00:00:00"}`),
			Schedule: Schedule{Crons: []string{"0 0 0 29 2 ?"}}},
			param:  typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-02-29 00:00:00"]`),
			action: ActionNeedsInstance},
		{name: "complement last day of month and 3rd Friday", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(
			`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-02-29 23:59:59"}`),
			Schedule: Schedule{Crons: []string{"0 0 0 L * ?", "0 0 12 ? * 6#3"}}},
			param:  typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-19 12:00:00","2024-01-31 00:00:00","2024-02-16 12:00:00","2024-02-29 00:00:00"]`),
			action: ActionNeedsInstance},
		{name: "scheduler NULL param: timeZone null, not the schedule zone", cmd: CommandRow{ID: 7, CommandType: I(6), Schedule: Schedule{Timezone: S("Asia/Shanghai")}},
			param: typed("SCHEDULER", `"startNodes":null,"commandParams":null,"timeZone":null`), action: ActionNeedsInstance},
		{name: "3.x scheduler with schedule_timezone key", cmd: cmd(6, NI, S(`{"schedule_timezone":"America/New_York"}`)),
			param: typed("SCHEDULER", `"startNodes":null,"commandParams":null,"timeZone":"America/New_York"`), action: ActionNeedsInstance},
		// #12.3: retired whole (the parent's SUB_WORKFLOW task starts the child in 3.3), never an instance.
		{name: "sub-process command, child not created", cmd: cmd(0, NI, S(subProcessParam)),
			param: wantSame, action: ActionRetire, rules: []string{RuleSubProcess}},
		{name: "sub-process command of a complement parent", cmd: cmd(5, NI, S(`{"parentProcessInstanceId":10,"parentTaskInstanceId":20,"processInstanceId":0,`+
			`"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-02 00:00:00"}`)),
			param: wantSame, action: ActionRetire, rules: []string{RuleSubProcess}},
		{name: "sub-process command without processInstanceId", cmd: cmd(0, NI, S(`{"parentProcessInstanceId":"10","parentTaskInstanceId":"20"}`)),
			param: wantSame, action: ActionRetire, rules: []string{RuleSubProcess}},
		{name: "sub-process command with its child created: converted", cmd: cmd(0, I(1), S(`{"parentProcessInstanceId":"10","parentTaskInstanceId":"20","processInstanceId":"11"}`)),
			param: `{"commandType":"START_PROCESS","subWorkflowInstance":true,` + nulls + `}`, ref: 11, rules: []string{RuleSubWorkflow}},
		{name: "3.3 typed start kept", cmd: cmd(0, I(0), S(`{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":[1],"commandParams":null,"timeZone":"UTC"}`)),
			param: wantSame},

		{name: "refuse failover of a finished instance", cmd: cmd(2, I(7), S(`{"ProcessInstanceId":12}`)), refused: "state"},
		{name: "refuse failover pointing at no instance", cmd: cmd(2, NI, S(`{"ProcessInstanceId":12}`)), refused: "state"},
		{name: "refuse legacy failover of an instance at 18", cmd: cmd(2, I(18), S(`{"ProcessInstanceId":12}`)), refused: "state"},
		{name: "refuse failover with a typed start param", cmd: cmd(2, I(1), S(`{"commandType":"START_PROCESS"}`)), refused: "commandType"},
		{name: "refuse start with a typed scheduler param", cmd: cmd(0, NI, S(`{"commandType":"SCHEDULER"}`)), refused: "commandType"},
		{name: "refuse unknown command type", cmd: cmd(14, I(1), S(`{}`)), refused: "command_type"},
		{name: "refuse NULL command type", cmd: CommandRow{ID: 7, CommandParam: S(`{}`)}, refused: "command_type"},
		{name: "refuse invalid JSON on a failover", cmd: cmd(2, I(1), S(`{"ProcessInstanceId":`)), refused: "command_param"},
		{name: "refuse invalid JSON on recover", cmd: cmd(3, I(3), S(`[1]`)), refused: "command_param"},
		{name: "refuse non-numeric start node", cmd: cmd(1, NI, S(`{"StartNodeList":"1,x"}`)), refused: "StartNodeList"},
		{name: "refuse empty complement window", cmd: cmd(5, NI, S(`{"complementStartDate":"2024-01-05 00:00:00","complementEndDate":"2024-01-01 00:00:00"}`)),
			refused: "complementStartDate"},
		{name: "refuse complement without dates", cmd: cmd(5, NI, S(`{}`)), refused: "complementEndDate"},
		{name: "refuse complement with impossible cron", cmd: CommandRow{ID: 7, CommandType: I(5), CommandParam: S(window),
			Schedule: Schedule{Crons: []string{"0 0 0 30 2 ?"}}}, refused: "complementStartDate"},
	}
	next := `{"complementStartDate":"2024-01-04 00:00:00","complementEndDate":"2024-01-05 00:00:00"}`
	cs = append(cs,
		tcase{name: "serial complement next date of a running instance is superseded", cmd: cmd(5, I(1), S(next)),
			param: wantSame, action: ActionRetire, rules: []string{RuleSuperseded}},
		tcase{name: "serial complement next date of an instance at 18 is superseded", cmd: cmd(5, I(18), S(next)),
			param: wantSame, action: ActionRetire, rules: []string{RuleSuperseded}},
	)
	for _, ct := range []int64{8, 9, 11, 12, 13} {
		cs = append(cs, tcase{name: "retire " + strconv.FormatInt(ct, 10), cmd: cmd(ct, I(1), S(`{"ProcessInstanceId":12}`)),
			param: wantSame, action: ActionRetire, ref: 12, rules: []string{RuleRetire}})
	}
	for i := range cs {
		cs[i].kind = TableCommand
	}
	errs := []tcase{
		{name: "error: no handler stays", cmd: cmd(9, I(1), S(`not json`)), param: wantSame, rules: []string{RuleErrorCommand}},
		{name: "error: #16878 typed failover kept", cmd: cmd(2, I(18), S(failoverRunning)), param: wantSame,
			action: ActionFailover, status: StatusRunning},
		{name: "error: #16878 legacy failover, instance state restored", cmd: cmd(2, I(1), S(`{"ProcessInstanceId":12}`)), param: failoverRunning,
			action: ActionFailover, status: StatusRunning, ref: 12},
		{name: "error: 2.0.9 lossy recover row", cmd: cmd(3, NI, S(`{"ProcessInstanceId":15}`)), param: wantNULL, ref: 15,
			rules: []string{RuleNoInstance}},
		{name: "error: start without instance", cmd: cmd(0, NI, S(`{"StartNodeList":"3"}`)),
			param: typed("START_PROCESS", `"startNodes":[3],"commandParams":null,"timeZone":null`), action: ActionNeedsInstance},
	}
	for i := range errs {
		errs[i].kind = TableErrorCommand
	}
	return append(cs, errs...)
}

func TestCommand(t *testing.T) { runCases(t, commandCases()) }

func TestFailoverStatusNeverNumeric(t *testing.T) {
	for s := int64(-1); s <= 20; s++ {
		for _, ct := range []int64{2, 10} {
			res := Command(cmd(ct, I(s), S(`{"ProcessInstanceId":1}`)))
			if res.Refused {
				continue
			}
			switch res.FailoverStatus {
			case StatusRunning, StatusReadyPause, StatusReadyStop:
			default:
				t.Errorf("type %d state %d: status %q", ct, s, res.FailoverStatus)
			}
		}
	}
}
