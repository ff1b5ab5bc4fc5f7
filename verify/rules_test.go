package verify

import (
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func ni(v int64) sql.NullInt64   { return sql.NullInt64{Int64: v, Valid: true} }
func ns(v string) sql.NullString { return sql.NullString{String: v, Valid: true} }
func nt(v string) sql.NullTime {
	t, _ := time.Parse("2006-01-02 15:04:05", v)
	return sql.NullTime{Time: t, Valid: true}
}
func collect(out *[]string) func(rule, severity, message, fix string) {
	return func(rule, severity, message, fix string) { *out = append(*out, rule+" "+severity+" "+message) }
}

const typedRun = `{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null}`

func goodGraph(sql.NullInt64, sql.NullInt64) defCheck {
	return defCheck{codes: map[int64]bool{20001: true, 20002: true}}
}

func TestCheckInstance(t *testing.T) {
	base := instanceRow{id: 1, state: ni(1), commandType: ni(0), taskDependType: ni(2), testFl: ni(0),
		startTime: nt("2024-03-10 09:00:01"), param: ns(typedRun), code: ni(10001), version: ni(3)}
	env := instanceEnv{hasTestFlag: true, definition: goodGraph,
		failoverPending: func(int64) bool { return false },
		errorCommand:    func(int64) (int64, bool) { return 0, false },
		pendingCommand:  func(int64) bool { return false }}
	cases := []struct {
		name string
		edit func(*instanceRow, *instanceEnv)
		want []string // "RULE severity message-fragment"
	}{
		{"clean", func(*instanceRow, *instanceEnv) {}, nil},
		{"untyped", func(r *instanceRow, _ *instanceEnv) { r.param = ns(`{"StartNodeList":"1"}`) }, []string{"V01 error missing type id"}},
		{"null param", func(r *instanceRow, _ *instanceEnv) { r.param = sql.NullString{} }, []string{"V01 error NULL"}},
		{"vanished state", func(r *instanceRow, _ *instanceEnv) { r.state = ni(10) }, []string{"V02 error state 10 WAITING_THREAD"}},
		{"18 alone", func(r *instanceRow, _ *instanceEnv) { r.state = ni(18) }, []string{"V02 error state 18 FAILOVER"}},
		{"18 with failover", func(r *instanceRow, e *instanceEnv) {
			r.state = ni(18)
			e.failoverPending = func(int64) bool { return true }
		}, nil},
		{"command type 10", func(r *instanceRow, _ *instanceEnv) { r.commandType = ni(10) }, []string{"V03 error command_type 10"}},
		{"NULL depend type", func(r *instanceRow, _ *instanceEnv) { r.taskDependType = sql.NullInt64{} }, []string{"V03 error task_depend_type is NULL"}},
		{"NULL test_flag", func(r *instanceRow, _ *instanceEnv) { r.testFl = sql.NullInt64{} }, []string{"V03 error test_flag is NULL"}},
		{"2.0 shape", func(_ *instanceRow, e *instanceEnv) { e.hasTestFlag = false }, []string{"V03 error test_flag does not exist yet"}},
		{"no start_time", func(r *instanceRow, _ *instanceEnv) { r.startTime = sql.NullTime{} }, []string{"V03 error unfinished and start_time"}},
		{"finished: no start_time is fine, graph not checked", func(r *instanceRow, e *instanceEnv) {
			r.state, r.startTime = ni(7), sql.NullTime{}
			e.definition = func(sql.NullInt64, sql.NullInt64) defCheck { return defCheck{problem: "gone"} }
		}, nil},
		{"orphan", func(_ *instanceRow, e *instanceEnv) {
			e.definition = func(sql.NullInt64, sql.NullInt64) defCheck {
				return defCheck{problem: "not in the definition log", fix: FixOrphans}
			}
		}, []string{"V04 error not in the definition log"}},
		{"start node not in graph", func(r *instanceRow, _ *instanceEnv) {
			r.param = ns(`{"commandType":"START_PROCESS","startNodes":[20001,7]}`)
		}, []string{"V06 error startNodes 7"}},
		{"null start node", func(r *instanceRow, _ *instanceEnv) {
			r.param = ns(`{"commandType":"START_PROCESS","startNodes":[""]}`)
		}, []string{"V06 error startNodes has a null element"}},
		{"bad zone", func(r *instanceRow, _ *instanceEnv) {
			r.param = ns(`{"commandType":"SCHEDULER","timeZone":"EST5EDT "}`)
		}, []string{"V07 error timeZone"}},
		{"backfill starts elsewhere", func(r *instanceRow, _ *instanceEnv) {
			r.param = ns(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":["2024-01-02 00:00:00"]}`)
			r.scheduleTime = nt("2024-01-01 00:00:00")
		}, []string{"V07 error backfillTimeList starts at"}},
		{"stranded at 0", func(r *instanceRow, e *instanceEnv) {
			r.state = ni(0)
			e.errorCommand = func(int64) (int64, bool) { return 101, true }
		}, []string{"V09 error state 0 SUBMITTED_SUCCESS"}},
		{"running with an error command: failed over at boot", func(_ *instanceRow, e *instanceEnv) {
			e.errorCommand = func(int64) (int64, bool) { return 101, true }
		}, nil},
		{"at 0 with an error command and a pending one", func(r *instanceRow, e *instanceEnv) {
			r.state = ni(0)
			e.errorCommand = func(int64) (int64, bool) { return 101, true }
			e.pendingCommand = func(int64) bool { return true }
		}, nil},
	}
	for _, c := range cases {
		r, e := base, env
		c.edit(&r, &e)
		var got []string
		checkInstance(r, e, collect(&got))
		assertFindings(t, c.name, got, c.want)
	}
}

func TestCheckCommand(t *testing.T) {
	base := commandRow{id: 5, commandType: ni(0), code: ni(10001), version: ni(3), instanceID: ni(40), param: ns(typedRun)}
	cases := []struct {
		name string
		edit func(*commandRow)
		want []string
	}{
		{"clean start", func(*commandRow) {}, nil},
		{"no handler", func(r *commandRow) { r.commandType = ni(8) }, []string{"V05 error command_type 8 PAUSE"}},
		{"no instance", func(r *commandRow) { r.instanceID = ni(0) }, []string{"V05 error points at no workflow instance"}},
		{"missing instance", func(r *commandRow) { r.instanceID = ni(77) }, []string{"V05 error points at workflow instance 77"}},
		{"wrong subtype", func(r *commandRow) { r.commandType = ni(6) }, []string{"V05 error command_param is a START_PROCESS param"}},
		{"untyped", func(r *commandRow) { r.param = ns(`{}`) }, []string{"V05 error command_param does not parse"}},
		{"failover by name", func(r *commandRow) {
			r.commandType, r.param = ni(2), ns(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"READY_STOP"}`)
		}, nil},
		{"failover by ordinal", func(r *commandRow) {
			r.commandType, r.param = ni(2), ns(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":1}`)
		}, []string{"V05 warning workflowExecutionStatus is given as an ordinal"}},
		{"failover status null", func(r *commandRow) {
			r.commandType, r.param = ni(2), ns(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"WAITING_THREAD"}`)
		}, []string{"V05 error workflowExecutionStatus is null"}},
		{"failover status finished", func(r *commandRow) {
			r.commandType, r.param = ni(2), ns(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"FAILURE"}`)
		}, []string{"V05 error workflowExecutionStatus FAILURE"}},
		{"rerun ignores its param", func(r *commandRow) { r.commandType, r.param = ni(7), ns("not json") }, nil},
		{"complement first date", func(r *commandRow) {
			r.commandType, r.param = ni(5), ns(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":["2024-01-02 00:00:00","2024-01-03 00:00:00"]}`)
		}, []string{"V07 error backfillTimeList starts at"}},
		{"complement empty", func(r *commandRow) {
			r.commandType, r.param = ni(5), ns(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":[]}`)
		}, []string{"V07 error COMPLEMENT_DATA with an empty backfillTimeList"}},
		{"complement unsorted", func(r *commandRow) {
			r.commandType, r.param = ni(5), ns(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":["2024-01-01 00:00:00","2023-12-31 00:00:00"]}`)
		}, []string{"V07 error backfillTimeList is not in ascending order"}},
		{"pending 2.0.9 sub-process command", func(r *commandRow) {
			r.instanceID, r.param = ni(0), ns(`{"id":3,"parentProcessInstanceId":10,"parentTaskInstanceId":20,"processInstanceId":0}`)
		}, []string{"V05 error pending 2.0.9 sub-process command of parent instance 10 (task instance 20)"}},
		{"sub-process command of a created child", func(r *commandRow) {
			r.param = ns(`{"parentProcessInstanceId":10,"parentTaskInstanceId":20,"processInstanceId":40}`)
		}, []string{"V05 error command_param does not parse"}},
		{"complement hour in no DST gap (UTC)", func(r *commandRow) {
			r.commandType, r.param = ni(5), ns(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":["2024-01-01 00:00:00","2024-03-31 02:00:00"]}`)
		}, nil},
		{"complement format", func(r *commandRow) {
			r.commandType, r.param = ni(5), ns(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":["2024-01-01T00:00:00"]}`)
		}, []string{"V07 error backfillTimeList entry"}},
	}
	for _, c := range cases {
		r := base
		c.edit(&r)
		env := commandEnv{definition: goodGraph, failovers: map[int64]int64{},
			instance: func(id int64) (instanceInfo, bool) {
				return instanceInfo{state: ni(0), scheduleTime: nt("2024-01-01 00:00:00")}, id == 40
			}}
		var got []string
		checkCommand(r, env, collect(&got))
		assertFindings(t, c.name, got, c.want)
	}
	// #12.4: a backfill date in the server zone's DST gap (Europe/Berlin), and the same list in UTC.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	gap := base
	gap.commandType, gap.param = ni(5), ns(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":["2024-01-01 00:00:00","2024-03-31 01:00:00","2024-03-31 02:00:00","2024-03-31 03:00:00"]}`)
	for zone, want := range map[*time.Location][]string{
		berlin: {`V07 error backfillTimeList entry "2024-03-31 02:00:00" does not exist in the server time zone Europe/Berlin`},
		nil:    nil, time.UTC: nil,
	} {
		env := commandEnv{definition: goodGraph, failovers: map[int64]int64{}, zone: zone,
			instance: func(id int64) (instanceInfo, bool) {
				return instanceInfo{state: ni(0), scheduleTime: nt("2024-01-01 00:00:00")}, id == 40
			}}
		var got []string
		checkCommand(gap, env, collect(&got))
		assertFindings(t, "DST gap in "+fmt.Sprint(zone), got, want)
	}
	// A second failover command for the same instance.
	env := commandEnv{definition: goodGraph, failovers: map[int64]int64{},
		instance: func(int64) (instanceInfo, bool) { return instanceInfo{state: ni(18)}, true }}
	var got []string
	param := ns(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"RUNNING_EXECUTION"}`)
	checkCommand(commandRow{id: 1, commandType: ni(2), code: ni(1), version: ni(1), instanceID: ni(9), param: param}, env, collect(&got))
	checkCommand(commandRow{id: 2, commandType: ni(2), code: ni(1), version: ni(1), instanceID: ni(9), param: param}, env, collect(&got))
	assertFindings(t, "duplicate failover", got, []string{"V05 error second pending failover command for instance 9 (command 1"})
}

func TestCheckErrorCommand(t *testing.T) {
	cases := []struct {
		row  errorCommandRow
		want []string
	}{
		{errorCommandRow{commandType: ni(8), param: ns("x")}, nil},
		{errorCommandRow{commandType: ni(13)}, nil},
		{errorCommandRow{commandType: ni(0), param: ns("{}"), message: ns("retired by dsmigrate: no handler in 3.3")}, nil},
		{errorCommandRow{commandType: ni(4), param: ns("true")}, nil},
		{errorCommandRow{commandType: ni(10)}, []string{"error legacy command_type 10"}},
		{errorCommandRow{commandType: ni(0), param: ns(`{"StartNodeList":"1"}`)}, []string{"error command_param does not parse"}},
		{errorCommandRow{commandType: ni(6), param: ns(`{"commandType":"SCHEDULER"}`)}, nil},
		{errorCommandRow{commandType: ni(2), param: ns(`{"ProcessInstanceId":4}`)}, []string{"error command_param does not parse as WorkflowFailoverCommandParam"}},
		{errorCommandRow{commandType: sql.NullInt64{}}, []string{"error command_type NULL"}},
	}
	for i, c := range cases {
		var got []string
		checkErrorCommand(c.row, func(severity, message, fix string) { got = append(got, severity+" "+message) })
		assertFindings(t, c.row.param.String+"#"+string(rune('0'+i)), got, c.want)
	}
	for param, want := range map[string]int64{`{"ProcessInstanceId":"12"}`: 12, `{"WaittingThreadInstanceId":"25"}`: 25,
		`{"processInstanceId":0,"ProcessInstanceId":3}`: 3, `{"commandType":"START_PROCESS"}`: 0, `[1]`: 0} {
		if got := legacyInstanceRef(ns(param)); got != want {
			t.Errorf("legacyInstanceRef(%s) = %d, want %d", param, got, want)
		}
	}
}

func TestCheckTask(t *testing.T) {
	base := taskRow{id: 3, name: ns("extract"), taskType: ns("SHELL"), state: ni(7), flag: ni(1), testFl: ni(0), instanceID: ni(4)}
	running := taskEnv{hasTestFlag: true, instanceState: func(int64) (sql.NullInt64, bool) { return ni(1), true }}
	done := taskEnv{hasTestFlag: true, instanceState: func(int64) (sql.NullInt64, bool) { return ni(7), true }}
	cases := []struct {
		name string
		edit func(*taskRow)
		env  taskEnv
		want []string
	}{
		{"clean", func(*taskRow) {}, running, nil},
		{"vanished state", func(r *taskRow) { r.state = ni(4) }, running, []string{"error state 4 READY_STOP"}},
		{"NULL test_flag", func(r *taskRow) { r.testFl = sql.NullInt64{} }, running, []string{"error test_flag is NULL"}},
		{"2.0 shape", func(*taskRow) {}, taskEnv{instanceState: running.instanceState}, []string{"error test_flag does not exist yet"}},
		{"SUB_PROCESS running", func(r *taskRow) { r.taskType = ns("SUB_PROCESS") }, running, []string{"error task_type \"SUB_PROCESS\""}},
		{"SUB_PROCESS finished", func(r *taskRow) { r.taskType = ns("SUB_PROCESS") }, done, []string{"warning task_type \"SUB_PROCESS\""}},
		{"invalid row's type ignored", func(r *taskRow) { r.taskType, r.flag = ns("PIGEON"), ni(0) }, running, nil},
	}
	for _, c := range cases {
		r := base
		c.edit(&r)
		var got []string
		checkTask(r, c.env, func(severity, message, fix string) { got = append(got, severity+" "+message) })
		assertFindings(t, c.name, got, c.want)
	}
	var got []string
	duplicateFindings(duplicateGroup{instance: 4, name: "extract", count: 3, ids: []int64{5, 9, 12}}, ni(1), true,
		func(id int64, severity, message, fix string) { got = append(got, severity+" "+message+" "+fix) })
	if len(got) != 2 || !strings.Contains(got[0], "error valid task instances 5, 9, 12") || !strings.Contains(got[0], "all but task instance 12") {
		t.Errorf("duplicates: %v", got)
	}
}

func TestBuildGraph(t *testing.T) {
	rels := []relation{{0, 1, 1}, {1, 2, 1}}
	defs := []taskDef{{1, 1, "a", "SHELL"}, {2, 1, "b", "SQL"}}
	cases := []struct {
		name    string
		rels    []relation
		defs    []taskDef
		renamed bool
		want    string
	}{
		{"ok", rels, defs, false, ""},
		{"empty", nil, nil, false, "no task relations"},
		{"missing task", rels, defs[:1], false, "task definitions missing"},
		{"duplicate name", rels, []taskDef{{1, 1, "a", "SHELL"}, {2, 1, "a", "SQL"}}, false, "task name \"a\" appears twice"},
		{"code in two versions", append(rels, relation{0, 2, 2}), append(defs, taskDef{2, 2, "c", "SQL"}), false, "task code 2 appears in two versions"},
		{"unknown type", rels, []taskDef{{1, 1, "a", "PIGEON"}, {2, 1, "b", "SQL"}}, false, "PIGEON"},
		{"SUB_PROCESS on 3.3", rels, []taskDef{{1, 1, "a", "SUB_PROCESS"}, {2, 1, "b", "SQL"}}, false, "SUB_PROCESS"},
		{"SUB_PROCESS before DS's rename", rels, []taskDef{{1, 1, "a", "SUB_PROCESS"}, {2, 1, "b", "SQL"}}, true, ""},
		{"edge from nowhere", []relation{{0, 1, 1}, {7, 1, 1}}, defs[:1], false, "relation from task 7"},
		{"edge twice", append(rels, relation{1, 2, 1}), defs, false, "twice"},
		{"duplicate log row", rels, append(defs, taskDef{2, 1, "b", "SQL"}), false, "in the task definition log twice"},
	}
	for _, c := range cases {
		g := buildGraph(c.rels, c.defs, c.renamed)
		if c.want == "" && g.problem != "" || c.want != "" && !strings.Contains(g.problem, c.want) {
			t.Errorf("%s: problem %q, want %q", c.name, g.problem, c.want)
		}
		if c.want == "" && !reflect.DeepEqual(g.codes, map[int64]bool{1: true, 2: true}) {
			t.Errorf("%s: codes %v", c.name, g.codes)
		}
	}
}

func TestParamFix(t *testing.T) {
	for param, want := range map[string]string{"": FixUpgrade, "{}": FixUpgrade, ` {"a":1} `: FixUpgrade,
		"[]": "none", "null": "none", "{": "none", "  ": "none", `{"a":1} x`: "none"} {
		if got := paramFix(ns(param)); !strings.HasPrefix(got, want) {
			t.Errorf("paramFix(%q) = %q", param, got)
		}
	}
	if paramFix(sql.NullString{}) != FixUpgrade {
		t.Error("NULL param")
	}
}

func assertFindings(t *testing.T, name string, got, want []string) {
	t.Helper()
	sort.Strings(got)
	sort.Strings(want)
	if len(got) != len(want) {
		t.Errorf("%s: findings %q, want %q", name, got, want)
		return
	}
	for i := range want {
		// want is "RULE severity fragment" (or "severity fragment"): the
		// words before the fragment must lead, the fragment must occur.
		head, frag := splitWant(want[i])
		if !strings.HasPrefix(got[i], head) || !strings.Contains(got[i], frag) {
			t.Errorf("%s: finding %q, want one with %q", name, got[i], want[i])
		}
	}
}

func splitWant(w string) (head, frag string) {
	f := strings.SplitN(w, " ", 3)
	if f[0] == "error" || f[0] == "warning" {
		return f[0] + " ", strings.Join(f[1:], " ")
	}
	return f[0] + " " + f[1] + " ", f[2]
}
