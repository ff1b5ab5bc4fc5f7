package transforms

import (
	"strconv"
	"testing"
)

// live is an instance row whose columns need no fix.
func live(state int64, history string, param NullString) InstanceRow {
	return InstanceRow{
		ID: 1, CommandType: I(0), State: I(state), HistoryCmd: S(history),
		StartTime: S("2024-01-01 00:00:00"), TestFlag: I(0), TaskDependType: I(2), CommandParam: param,
	}
}

func complement(state int64, scheduleTime, param string, crons ...string) InstanceRow {
	r := live(state, "COMPLEMENT_DATA", S(param))
	r.CommandType = I(5)
	r.ScheduleTime = S(scheduleTime)
	r.Schedule = Schedule{Timezone: S("Asia/Shanghai"), Crons: crons}
	return r
}

const window = `{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-05 00:00:00"}`

func instanceCases() []tcase {
	cs := []tcase{
		{name: "2.0 start, empty map, NULL columns", inst: InstanceRow{ID: 1, CommandType: I(0), State: I(1),
			HistoryCmd: S("START_PROCESS"), StartTime: S("2024-01-01 00:00:00"), CommandParam: S(`{}`)},
			param:   typed("START_PROCESS", nulls),
			changes: Changes{TestFlag: I(0), TaskDependType: I(2)}, rules: []string{RuleParamTyped, RuleTestFlag, RuleTaskDependType}},
		{name: "start nodes and start params", inst: live(1, "START_PROCESS",
			S(`{"StartNodeList":"123,456","StartParams":"{\"dt\":\"2024-01-01\",\"a\":\"1\"}"}`)),
			param: typed("START_PROCESS", `"startNodes":[123,456],"commandParams":[`+prop("a", `"1"`)+","+prop("dt", `"2024-01-01"`)+`],"timeZone":null`)},
		{name: "start current task then failover", inst: live(1, "START_CURRENT_TASK_PROCESS,RECOVER_TOLERANCE_FAULT_PROCESS", S(`{"StartNodeList":"5"}`)),
			param: typed("START_PROCESS", `"startNodes":[5],"commandParams":null,"timeZone":null`)},
		// #12.4: the schedule's timezone_id is not the zone 2.0.9 computed
		// business dates in (the master JVM's): timeZone stays null.
		{name: "scheduler NULL param: timeZone null, not the schedule zone", inst: func() InstanceRow {
			r := live(1, "SCHEDULER", NS)
			r.CommandType, r.Schedule = I(6), Schedule{Timezone: S("Asia/Shanghai")}
			return r
		}(), param: typed("SCHEDULER", `"startNodes":null,"commandParams":null,"timeZone":null`)},
		{name: "3.x schedule_timezone key wins", inst: func() InstanceRow {
			r := live(1, "SCHEDULER", S(`{"schedule_timezone":"Europe/Berlin"}`))
			r.Schedule = Schedule{Timezone: S("Asia/Shanghai")}
			return r
		}(), param: typed("SCHEDULER", `"startNodes":null,"commandParams":null,"timeZone":"Europe/Berlin"`)},
		{name: "start process ignores the schedule zone", inst: func() InstanceRow {
			r := live(1, "START_PROCESS", S(`{}`))
			r.Schedule = Schedule{Timezone: S("Asia/Shanghai")}
			return r
		}(), param: typed("START_PROCESS", nulls)},
		{name: "offset zone", inst: func() InstanceRow {
			r := live(1, "SCHEDULER", S(`{"schedule_timezone":"GMT+08:00"}`))
			return r
		}(), param: typed("SCHEDULER", `"startNodes":null,"commandParams":null,"timeZone":"GMT+08:00"`)},
		{name: "sub-process child: fatherParams then StartParams", inst: func() InstanceRow {
			r := live(1, "START_PROCESS", S(`{"parentProcessInstanceId":"10","parentTaskInstanceId":"20","processInstanceId":"11","id":"3",`+
				`"fatherParams":"{\"x\":\"1\",\"y\":\"from-parent\"}","StartParams":"{\"y\":\"from-start\"}"}`))
			r.IsSubProcess = true
			return r
		}(), param: `{"commandType":"START_PROCESS","subWorkflowInstance":true,"startNodes":null,"commandParams":[` +
			prop("x", `"1"`) + "," + prop("y", `"from-parent"`) + `],"timeZone":null}`},
		// #12.2: 2.0.9 startParamMap.putAll(fatherParamMap): fatherParams wins.
		{name: "fatherParams wins over StartParams", inst: live(1, "START_PROCESS", S(`{"StartParams":"{\"dt\":\"from-start\"}","fatherParams":"{\"dt\":\"from-father\"}"}`)),
			param: typed("START_PROCESS", `"startNodes":null,"commandParams":[`+prop("dt", `"from-father"`)+`],"timeZone":null`)},
		// #12.1: 1.3 keys 2.0.9 never read: the full graph, with a finding.
		{name: "1.3 keys ignored", inst: live(1, "START_PROCESS", S(`{"StartNodeNameList":"extract","WaittingThreadInstanceId":"3"}`)),
			param: typed("START_PROCESS", nulls), rules: []string{RuleLegacyKey}},
		{name: "1.3 StartNodeNameList beside StartNodeList", inst: live(1, "START_PROCESS", S(`{"StartNodeNameList":"extract","StartNodeList":"7"}`)),
			param: typed("START_PROCESS", `"startNodes":[7],"commandParams":null,"timeZone":null`), rules: []string{RuleLegacyKey}},
		{name: "recover failure: StartNodeIdList dropped", inst: func() InstanceRow {
			r := live(1, "START_PROCESS,START_FAILURE_TASK_PROCESS", S(`{"ProcessInstanceId":"5","StartNodeIdList":"100,101"}`))
			r.CommandType = I(4)
			return r
		}(), param: typed("START_PROCESS", nulls), rules: []string{RuleStartNodeIDs}},
		{name: "ProcessInstanceId as a JSON number", inst: live(1, "START_PROCESS,REPEAT_RUNNING", S(`{"ProcessInstanceId":12,"StartParams":"{\"k\":\"v\"}"}`)),
			param: typed("START_PROCESS", `"startNodes":null,"commandParams":[`+prop("k", `"v"`)+`],"timeZone":null`)},
		{name: "empty string param", inst: live(1, "START_PROCESS", S("")), param: typed("START_PROCESS", nulls)},
		{name: "NULL param", inst: live(1, "START_PROCESS", NS), param: typed("START_PROCESS", nulls)},
		{name: "history_cmd NULL uses command_type", inst: func() InstanceRow {
			r := live(1, "", S(`{}`))
			r.HistoryCmd, r.CommandType = NS, I(6)
			return r
		}(), param: typed("SCHEDULER", nulls)},
		{name: "unknown history entry is START_PROCESS", inst: live(1, "RECOVER_WAITING_THREAD", S(`{}`)), param: typed("START_PROCESS", nulls)},
		{name: "escapes, unicode and non-string values", inst: live(1, "START_PROCESS",
			S(enc2("StartParams", map[string]any{"msg": "a \"q\" \\ b\n\t\x01\x1f 中文 😀 </script>", "n": 5, "f": 1.5, "b": true, "z": nil}))),
			param: typed("START_PROCESS", `"startNodes":null,"commandParams":[`+prop("b", `"true"`)+","+prop("f", `"1.5"`)+","+
				prop("msg", `"a \"q\" \\ b\n\t\u0001\u001F 中文 😀 </script>"`)+","+prop("n", `"5"`)+","+prop("z", `null`)+`],"timeZone":null`)},
		{name: "19-digit codes", inst: live(1, "START_PROCESS", S(`{"StartNodeList":"1000000000000000000,9223372036854775807"}`)),
			param: typed("START_PROCESS", `"startNodes":[1000000000000000000,9223372036854775807],"commandParams":null,"timeZone":null`)},
		{name: "StartParams not double-encoded", inst: live(1, "START_PROCESS", S(`{"StartParams":{"k":"v"}}`)),
			param: typed("START_PROCESS", `"startNodes":null,"commandParams":[`+prop("k", `"v"`)+`],"timeZone":null`)},
		{name: "duplicate key: last wins", inst: live(1, "START_PROCESS", S(`{"StartNodeList":"1","StartNodeList":"2"}`)),
			param: typed("START_PROCESS", `"startNodes":[2],"commandParams":null,"timeZone":null`)},
		{name: "trailing comma dropped like Java split", inst: live(1, "START_PROCESS", S(`{"StartNodeList":"1,2,"}`)),
			param: typed("START_PROCESS", `"startNodes":[1,2],"commandParams":null,"timeZone":null`)},
		{name: "StartNodeList as a number", inst: live(1, "START_PROCESS", S(`{"StartNodeList":77}`)),
			param: typed("START_PROCESS", `"startNodes":[77],"commandParams":null,"timeZone":null`)},
		{name: "empty StartParams string", inst: live(1, "START_PROCESS", S(`{"StartParams":"","StartNodeList":""}`)),
			param: typed("START_PROCESS", nulls)},

		// Backfill (DESIGN §4, reference §6).
		{name: "complement running, daily", inst: complement(1, "2024-01-03 00:00:00", window),
			param: typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-03 00:00:00","2024-01-04 00:00:00","2024-01-05 00:00:00"]`)},
		{name: "complement finished: schedule_time only", inst: complement(7, "2024-01-03 00:00:00", window),
			param: typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-03 00:00:00"]`)},
		{name: "complement Mondays 02:00 (Quartz day 2)", inst: complement(1, "2024-01-08 02:00:00",
			`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-31 23:59:59"}`, "0 0 2 ? * 2"),
			param: typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-08 02:00:00","2024-01-15 02:00:00","2024-01-22 02:00:00","2024-01-29 02:00:00"]`)},
		{name: "complement union of two schedules", inst: complement(1, "2024-01-01 00:00:00",
			`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-10 00:00:00","StartNodeList":"9"}`, "0 0 0 ? * MON", "0 0 0 ? * 2,4 *"),
			param: typed("COMPLEMENT_DATA", `"startNodes":[9],"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-01 00:00:00","2024-01-03 00:00:00","2024-01-08 00:00:00","2024-01-10 00:00:00"]`)},
		{name: "complementScheduleDateList (3.x)", inst: complement(1, "2024-01-15 00:00:00",
			`{"complementScheduleDateList":"2024-02-01 00:00:00,2024-01-15 00:00:00, 2024-03-01 00:00:00,2024-01-01 00:00:00"}`),
			param: typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-15 00:00:00","2024-02-01 00:00:00","2024-03-01 00:00:00"]`)},
		{name: "schedule_time not a fire date goes first", inst: complement(1, "2024-01-02 12:00:00",
			`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-03 00:00:00"}`),
			param: typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-02 12:00:00","2024-01-03 00:00:00"]`),
			rules: []string{RuleBackfill}},
		{name: "complement without start date starts at schedule_time", inst: complement(1, "2024-01-04 00:00:00",
			`{"complementEndDate":"2024-01-05 00:00:00"}`),
			param: typed("COMPLEMENT_DATA", `"startNodes":null,"commandParams":null,"timeZone":null,"backfillTimeList":["2024-01-04 00:00:00","2024-01-05 00:00:00"]`)},

		// Columns (DESIGN §4.2).
		{name: "command_type 10 → 2", inst: func() InstanceRow {
			r := live(1, "START_PROCESS,RECOVER_WAITING_THREAD", S(`{}`))
			r.CommandType = I(10)
			return r
		}(), param: typed("START_PROCESS", nulls), changes: Changes{CommandType: I(2)}, rules: []string{RuleCommandType}},
		{name: "command_type NULL from last history entry", inst: func() InstanceRow {
			r := live(3, "START_PROCESS,RECOVER_SUSPENDED_PROCESS", S(`{}`))
			r.CommandType = NI
			return r
		}(), param: typed("START_PROCESS", nulls), changes: Changes{CommandType: I(3)}},
		{name: "start_time from schedule_time", inst: func() InstanceRow {
			r := live(1, "SCHEDULER", NS)
			r.StartTime, r.ScheduleTime = NS, S("2024-01-02 00:00:00")
			return r
		}(), param: typed("SCHEDULER", nulls), changes: Changes{StartTime: S("2024-01-02 00:00:00")}, rules: []string{RuleStartTime}},
		{name: "start_time from restart_time first", inst: func() InstanceRow {
			r := live(1, "SCHEDULER", NS)
			r.StartTime, r.RestartTime, r.ScheduleTime = NS, S("2024-01-03 00:00:00"), S("2024-01-02 00:00:00")
			return r
		}(), param: typed("SCHEDULER", nulls), changes: Changes{StartTime: S("2024-01-03 00:00:00")}},
		{name: "finished instance keeps NULL start_time", inst: func() InstanceRow {
			r := live(7, "START_PROCESS", NS)
			r.StartTime, r.RestartTime = NS, S("2024-01-03 00:00:00")
			return r
		}(), param: typed("START_PROCESS", nulls)},
		{name: "already typed: unchanged", inst: live(1, "SCHEDULER",
			S(`{"commandType":"SCHEDULER","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":"UTC"}`)),
			param: wantSame},
		{name: "typed with legacy keys left: unchanged", inst: live(1, "START_PROCESS", S(`{"StartNodeList":"1,2","commandType":"START_PROCESS"}`)),
			param: wantSame},
		// #12.5: a float after the type id is never converted by Jackson.
		{name: "typed, a huge-exponent float after commandType: unchanged", inst: live(1, "START_PROCESS", S(`{"commandType":"START_PROCESS","x":1e-2147483648}`)),
			param: wantSame},
		{name: "typed failover param on an instance: unchanged", inst: live(1, "START_PROCESS",
			S(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"RUNNING_EXECUTION"}`)), param: wantSame},
		{name: "already at 18 with a legacy param (#16878)", inst: func() InstanceRow {
			r := live(18, "START_PROCESS,RECOVER_TOLERANCE_FAULT_PROCESS", S(`{"StartNodeList":"1"}`))
			r.CommandType = I(2)
			return r
		}(), param: typed("START_PROCESS", `"startNodes":[1],"commandParams":null,"timeZone":null`), action: ActionFailover},
	}
	// Vanished states (DESIGN §4.2).
	for _, s := range []struct{ from, to int64 }{{9, 5}, {16, 5}, {13, 7}} {
		cs = append(cs, tcase{name: "state " + strconv.FormatInt(s.from, 10), inst: live(s.from, "START_PROCESS", S(`{}`)),
			param: typed("START_PROCESS", nulls), changes: Changes{State: I(s.to)}, rules: []string{RuleInstanceState}})
	}
	for _, s := range []int64{8, 10, 11, 12, 15} {
		cs = append(cs, tcase{name: "state " + strconv.FormatInt(s, 10) + " fails over", inst: live(s, "START_PROCESS", S(`{}`)),
			param: typed("START_PROCESS", nulls), changes: Changes{State: I(18)}, action: ActionFailover, status: StatusRunning,
			rules: []string{RuleInstanceFailovr}})
	}

	refusals := []struct{ name, param, key string }{
		{"invalid JSON", `{"StartNodeList":"1"`, "command_param"},
		{"top-level array", `[{"commandType":"START_PROCESS"}]`, "command_param"},
		{"top-level string", `"x"`, "command_param"},
		{"top-level number", `5`, "command_param"},
		{"JSON null literal", `null`, "command_param"},
		{"blank", `   `, "command_param"},
		{"trailing garbage", `{"a":"1"} x`, "command_param"},
		{"BOM", "\ufeff{}", "command_param"},
		{"not UTF-8", "{\"StartParams\":\"{\\\"k\\\":\\\"\xff\\\"}\"}", "command_param"},
		{"non-numeric start node", `{"StartNodeList":"a,b"}`, "StartNodeList"},
		{"empty middle start node", `{"StartNodeList":"1,,2"}`, "StartNodeList"},
		{"spaced start node", `{"StartNodeList":"1, 2"}`, "StartNodeList"},
		{"20-digit start node", `{"StartNodeList":"12345678901234567890"}`, "StartNodeList"},
		{"start nodes as array", `{"StartNodeList":[1,2]}`, "StartNodeList"},
		{"unknown zone key", `{"schedule_timezone":"Mars/Olympus"}`, "schedule_timezone"},
		{"Go-only zone", `{"schedule_timezone":"EST"}`, "schedule_timezone"},
		{"lower-case zone", `{"schedule_timezone":"asia/shanghai"}`, "schedule_timezone"},
		{"StartParams invalid", `{"StartParams":"{bad"}`, "StartParams"},
		{"StartParams value object", `{"StartParams":"{\"k\":{\"a\":1}}"}`, "StartParams"},
		{"StartParams array", `{"StartParams":"[1]"}`, "StartParams"},
		{"fatherParams number", `{"fatherParams":5}`, "fatherParams"},
		{"lone surrogate", `{"StartParams":"{\"k\":\"\\ud800\"}"}`, "StartParams"},
		{"half typed: startNodes CSV", `{"commandType":"START_PROCESS","startNodes":"1,2"}`, "startNodes"},
		{"half typed: commandParams string", `{"commandType":"START_PROCESS","commandParams":"[]"}`, "commandParams"},
		{"unregistered type id", `{"commandType":"RECOVER_TOLERANCE_FAULT_PROCESS"}`, "commandType"},
		{"lower-case type id", `{"commandType":"start_process"}`, "commandType"},
		{"numeric type id", `{"commandType":0}`, "commandType"},
		// #12.5: buffered before the type id, new BigDecimal throws in Jackson.
		{"float BigDecimal cannot hold before commandType", `{"x":1e-2147483648,"commandType":"START_PROCESS"}`, "x"},
		{"nested float before commandType", `{"x":[{"y":1e99999999999}],"commandType":"START_PROCESS"}`, "x"},
	}
	for _, r := range refusals {
		cs = append(cs, tcase{name: "refuse " + r.name, inst: live(1, "START_PROCESS", S(r.param)), refused: r.key})
	}
	cs = append(cs,
		tcase{name: "refuse bad complement date", inst: complement(1, "2024-01-03 00:00:00",
			`{"complementStartDate":"2024/01/01","complementEndDate":"2024-01-05 00:00:00"}`), refused: "complementStartDate"},
		tcase{name: "refuse missing complement end", inst: complement(1, "2024-01-03 00:00:00",
			`{"complementStartDate":"2024-01-01 00:00:00"}`), refused: "complementEndDate"},
		tcase{name: "refuse finished complement without schedule_time", inst: func() InstanceRow {
			r := complement(7, "", window)
			r.ScheduleTime = NS
			return r
		}(), refused: "schedule_time"},
		tcase{name: "refuse bad schedule_time", inst: complement(1, "yesterday", window), refused: "schedule_time"},
		tcase{name: "refuse invalid cron", inst: complement(1, "2024-01-03 00:00:00", window, "0 0 0 * * *"), refused: "schedule_crons[0]"},
		tcase{name: "refuse bad complementScheduleDateList", inst: complement(1, "2024-01-03 00:00:00",
			`{"complementScheduleDateList":"2024-01-01 00:00:00,soon"}`), refused: "complementScheduleDateList"},
		tcase{name: "refuse too many backfill dates", inst: complement(1, "2024-01-01 00:00:00",
			`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-12-31 00:00:00"}`, "0 * * * * ?"), refused: "complementEndDate"},
	)
	for i := range cs {
		cs[i].kind = TableInstance
	}
	return cs
}

func TestInstance(t *testing.T) { runCases(t, instanceCases()) }

func TestLaunchType(t *testing.T) {
	for _, c := range []struct {
		history string
		ct      int64
		want    string
	}{
		{"COMPLEMENT_DATA,RECOVER_TOLERANCE_FAULT_PROCESS", 2, idComplement},
		{" SCHEDULER ,START_FAILURE_TASK_PROCESS", 4, idScheduler},
		{"", 1, idStartProcess},
		{"", 5, idComplement},
		{"", 99, idStartProcess},
		{"REPEAT_RUNNING", 7, idStartProcess},
	} {
		if got := launchType(S(c.history), I(c.ct)); got != c.want {
			t.Errorf("launchType(%q, %d) = %s, want %s", c.history, c.ct, got, c.want)
		}
	}
}
