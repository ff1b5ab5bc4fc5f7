package transforms

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// extraParams are legacy and odd shapes beyond the table cases (reference §2,
// §3.5), used as fuzz seeds for every row kind and checked by the oracle test.
var extraParams = []string{
	`{"ProcessInstanceId":"12","StartNodeList":"1,2"}`,
	`{"ProcessInstanceId":"12","RecoverProcessInstanceId":"12"}`,
	`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-02 00:00:00"}`,
	`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-02 00:00:00","StartNodeIdList":"5","StartParams":"{}"}`,
	`{"schedule_timezone":"Asia/Shanghai","complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-01 00:00:00"}`,
	`{"complementScheduleDateList":"2024-01-01 00:00:00,2024-01-02 00:00:00","schedule_timezone":"UTC"}`,
	`{"WaittingThreadInstanceId":"5","StartNodeNameList":"a"}`,
	`{"WaitingThreadInstanceId":"5"}`,
	`{"dynamicParams":"{\"a\":\"1\"}","ProcessInstanceId":3,"StartNodeList":"9"}`,
	`{"parentProcessInstanceId":10,"parentTaskInstanceId":20,"processInstanceId":0,"fatherParams":"{\"x\":1}"}`,
	`{"StartParams":"{\"k\":[1,2]}"}`,
	`{"StartParams":"null","fatherParams":""}`,
	`{"StartParams":"{\"\":\"empty key\",\"é\":\"ü\"}"}`,
	`{"StartNodeList":"-1,+2"}`,
	`{"StartNodeList":"1e3"}`,
	`{"StartNodeList":null,"StartParams":null,"schedule_timezone":null}`,
	`{"schedule_timezone":""}`,
	`{"schedule_timezone":8}`,
	`{"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
	`{"commandType":"COMPLEMENT_DATA","backfillTimeList":"x"}`,
	`{"commandType":"COMPLEMENT_DATA","backfillTimeList":["2024-01-01 00:00:00"]}`,
	`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":1}`,
	`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"READY_STOP","startNodes":["1","2"]}`,
	`{"commandType":"REPEAT_RUNNING","workflowInstanceId":"12"}`,
	`{"commandType":"REPEAT_RUNNING","workflowInstanceId":3000000000}`,
	`{"commandType":"START_FAILURE_TASK_PROCESS","subWorkflowInstance":"TRUE","commandParams":[null,{"prop":"a","direct":"OUT","type":"INTEGER","value":1}]}`,
	`{"commandType":"START_PROCESS","startNodes":[1.5]}`,
	`{"commandType":"START_PROCESS","startNodes":[""]}`,
	`{"commandType":"START_PROCESS","subWorkflowInstance":"yes"}`,
	`{"commandType":"START_PROCESS","commandType":"SCHEDULER"}`,
	`{"commandType":"SCHEDULER","timeZone":{"id":"UTC"}}`,
	`["START_PROCESS",{"startNodes":[1]}]`,
	`{"commandType":"START_PROCESS"} trailing`,
	`{'commandType':'START_PROCESS'}`,
	"{\"StartNodeList\":\"1\u0000\"}",
	`{"StartParams":"{\"k\":\"\\\\ud83d\\\\ude00 pair\"}"}`,
}

type instanceSeed struct {
	param                  string
	null                   bool
	state                  int64
	stateNull              bool
	ct                     int64
	history                string
	sub                    bool
	scheduleTime, zone, cr string
}

func (s instanceSeed) row() InstanceRow {
	r := InstanceRow{ID: 1, CommandType: I(s.ct), State: I(s.state), HistoryCmd: S(s.history), IsSubProcess: s.sub,
		ScheduleTime: S(s.scheduleTime), Schedule: Schedule{Timezone: S(s.zone)}, CommandParam: S(s.param)}
	if s.null {
		r.CommandParam = NS
	}
	if s.stateNull {
		r.State = NI
	}
	if s.scheduleTime == "" {
		r.ScheduleTime = NS
	}
	if s.cr != "" {
		r.Schedule.Crons = strings.Split(s.cr, "\n")
	}
	return r
}

func instanceSeeds() []instanceSeed {
	var seeds []instanceSeed
	for _, c := range instanceCases() {
		r := c.inst
		seeds = append(seeds, instanceSeed{r.CommandParam.String, !r.CommandParam.Valid, r.State.Int, !r.State.Valid,
			r.CommandType.Int, r.HistoryCmd.String, r.IsSubProcess, r.ScheduleTime.String, r.Schedule.Timezone.String,
			strings.Join(r.Schedule.Crons, "\n")})
	}
	for _, p := range extraParams {
		seeds = append(seeds,
			instanceSeed{param: p, state: 1, history: "START_PROCESS"},
			instanceSeed{param: p, state: 1, ct: 5, history: "COMPLEMENT_DATA", scheduleTime: "2024-01-01 00:00:00", zone: "UTC"},
			instanceSeed{param: p, state: 7, ct: 6, history: "SCHEDULER,REPEAT_RUNNING", zone: "Asia/Shanghai"})
	}
	return seeds
}

type commandSeed struct {
	param     string
	null      bool
	ct, state int64
	stateNull bool
	sub       bool
	zone, cr  string
	errTable  bool
}

func (s commandSeed) row() CommandRow {
	r := CommandRow{ID: 7, CommandType: I(s.ct), InstanceState: I(s.state), IsSubProcess: s.sub,
		Schedule: Schedule{Timezone: S(s.zone)}, CommandParam: S(s.param)}
	if s.null {
		r.CommandParam = NS
	}
	if s.stateNull {
		r.InstanceState = NI
	}
	if s.cr != "" {
		r.Schedule.Crons = strings.Split(s.cr, "\n")
	}
	return r
}

func (s commandSeed) run() Result {
	if s.errTable {
		return ErrorCommand(s.row())
	}
	return Command(s.row())
}

func commandSeeds() []commandSeed {
	var seeds []commandSeed
	for _, c := range commandCases() {
		r := c.cmd
		seeds = append(seeds, commandSeed{r.CommandParam.String, !r.CommandParam.Valid, r.CommandType.Int, r.InstanceState.Int,
			!r.InstanceState.Valid, r.IsSubProcess, r.Schedule.Timezone.String, strings.Join(r.Schedule.Crons, "\n"), c.kind == TableErrorCommand})
	}
	for _, p := range extraParams {
		for _, ct := range []int64{0, 1, 2, 3, 5, 6, 10} {
			seeds = append(seeds, commandSeed{param: p, ct: ct, state: 1, stateNull: ct == 0 || ct == 5, zone: "UTC"})
		}
	}
	return seeds
}

// checkInvariants: never a half-done row; the output is NULL, a typed param
// (valid JSON the transforms themselves accept as typed) or a refusal, and a
// second run writes nothing.
func checkInvariants(t *testing.T, c tcase, res Result) {
	t.Helper()
	in := c.input()
	if res.Refused {
		if res.Reason == "" || !strings.Contains(res.Reason, ": ") {
			t.Fatalf("refusal without a keyed reason: %q", res.Reason)
		}
		if res.CommandParam != in || res.ParamChanged || !res.Changes.Empty() || res.Action != ActionNone {
			t.Fatalf("refused row not untouched: %+v", res)
		}
		return
	}
	if c.kind == TableInstance && !res.CommandParam.Valid {
		t.Fatalf("instance param NULL")
	}
	superseded := c.cmd.CommandType.Valid && c.cmd.CommandType.Int == cmdComplementData &&
		c.cmd.InstanceState.Valid && c.cmd.InstanceState.Int != 0 && !finishedOrLegacyFinished(c.cmd.InstanceState.Int)
	if c.kind == TableCommand && res.Action == ActionRetire && slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Rule == RuleSubProcess }) {
		// A pending 2.0.9 sub-process command moves whole (#12.3).
		if res.ParamChanged || !res.Changes.Empty() || !IsRetired(res.RetireMessage) {
			t.Fatalf("retired sub-process command touched: %+v", res)
		}
		return
	}
	if (c.kind == TableCommand || c.kind == TableErrorCommand) && (retiredType(c.cmd.CommandType) || superseded) {
		// Moved (or kept) whole: the param is not touched.
		if res.ParamChanged || !res.Changes.Empty() || (c.kind == TableCommand) != (res.Action == ActionRetire) {
			t.Fatalf("retired command touched: %+v", res)
		}
		return
	}
	if p := res.CommandParam; p.Valid && c.kind != TableTaskInstance {
		if !json.Valid([]byte(p.String)) {
			t.Fatalf("param not valid JSON: %q", p.String)
		}
		if kind, _, _, why := readParam(p); kind != paramTyped {
			t.Fatalf("param not typed (%s): %q", why, p.String)
		}
		if res.ParamChanged && !strings.HasPrefix(p.String, `{"commandType":"`) {
			t.Fatalf("written param does not start with commandType: %q", p.String)
		}
	}
	if tp := res.Changes.TaskParams; tp.Valid && !json.Valid([]byte(tp.String)) {
		t.Fatalf("task_params not valid JSON: %q", tp.String)
	}
	assertIdempotent(t, c, res)
}

func FuzzInstanceParam(f *testing.F) {
	for _, s := range instanceSeeds() {
		f.Add(s.param, s.null, s.state, s.stateNull, s.ct, s.history, s.sub, s.scheduleTime, s.zone, s.cr)
	}
	f.Fuzz(func(t *testing.T, param string, null bool, state int64, stateNull bool, ct int64, history string, sub bool, st, zone, cr string) {
		c := tcase{kind: TableInstance, inst: instanceSeed{param, null, state, stateNull, ct, history, sub, st, zone, cr}.row()}
		checkInvariants(t, c, c.run())
	})
}

func FuzzCommandParam(f *testing.F) {
	for _, s := range commandSeeds() {
		f.Add(s.param, s.null, s.ct, s.state, s.stateNull, s.sub, s.zone, s.cr, s.errTable)
	}
	f.Fuzz(func(t *testing.T, param string, null bool, ct, state int64, stateNull, sub bool, zone, cr string, errTable bool) {
		s := commandSeed{param, null, ct, state, stateNull, sub, zone, cr, errTable}
		c := tcase{kind: TableCommand, cmd: s.row()}
		if errTable {
			c.kind = TableErrorCommand
		}
		checkInvariants(t, c, c.run())
	})
}

func FuzzTaskParams(f *testing.F) {
	for _, c := range taskCases() {
		f.Add(c.task.TaskType.String, c.task.TaskParams.String, !c.task.TaskParams.Valid, c.task.State.Int)
	}
	for _, p := range extraParams {
		f.Add("SUB_PROCESS", p, false, int64(1))
	}
	f.Fuzz(func(t *testing.T, taskType, params string, null bool, state int64) {
		r := TaskInstanceRow{ID: 3, TaskType: S(taskType), TaskParams: S(params), State: I(state)}
		if null {
			r.TaskParams = NS
		}
		c := tcase{kind: TableTaskInstance, task: r}
		res := c.run()
		checkInvariants(t, c, res)
		if res.Changes.TaskParams.Valid {
			// Only the key token changed: removing both spellings gives the same text.
			strip := func(s string) string {
				return strings.NewReplacer(`"`+keyOld+`"`, "", `"`+keyNew+`"`, "").Replace(s)
			}
			if !strings.Contains(params, `\u`) && strip(res.Changes.TaskParams.String) != strip(params) {
				t.Fatalf("rename changed more than the key:\n%s\n%s", params, res.Changes.TaskParams.String)
			}
		}
	})
}

func FuzzStream(f *testing.F) {
	f.Add(`{"table":"instance","id":1,"state":1,"history_cmd":"START_PROCESS","command_param":"{\"StartNodeList\":\"1\"}"}`)
	f.Add(`{"table":"command","id":2,"command_type":2,"state":1,"command_param":"{\"ProcessInstanceId\":1}"}` + "\n\nnot json\n[1]")
	f.Add(`{"table":"task_instance","id":3,"task_type":"SUB_PROCESS","task_params":"{\"processDefinitionCode\":1}","state":2}`)
	f.Add(`{"table":"error_command","id":4,"command_type":9,"schedule_crons":["0 0 0 * * ?"],"is_sub_process":true}`)
	f.Add(`{"table":"nope","id":"x"}` + "\r\n" + `{"id":5}`)
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		if err := Stream(strings.NewReader(in), &out); err != nil {
			t.Fatal(err)
		}
		want := strings.Count(in, "\n")
		if in != "" && !strings.HasSuffix(in, "\n") {
			want++
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			lines = nil
		}
		if len(lines) != want {
			t.Fatalf("%d output lines for %d input lines", len(lines), want)
		}
		for _, l := range lines {
			var v struct{ Refused *bool }
			if err := json.Unmarshal([]byte(l), &v); err != nil || v.Refused == nil {
				t.Fatalf("bad output line %q: %v", l, err)
			}
		}
	})
}

func FuzzValidZone(f *testing.F) {
	for _, s := range []string{"UTC", "+08:00", "GMT-5", "Asia/Shanghai", "Z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidZone(s) && len(s) > 1 && !knownRegion(s) && !strings.ContainsAny(s, "+-") && s != "UTC" && s != "GMT" && s != "UT" {
			t.Fatalf("ValidZone(%q) accepts a non-region, non-offset id", s)
		}
	})
}

func retiredType(ct NullInt) bool {
	switch ct.Int {
	case 8, 9, 11, 12, 13:
		return ct.Valid
	}
	return false
}
