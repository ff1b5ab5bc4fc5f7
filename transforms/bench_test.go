package transforms

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Typical legacy rows (reference §2.3): what 2.0.x leaves in production.
var (
	benchInstances = []InstanceRow{
		{ID: 1, CommandType: I(0), State: I(1), HistoryCmd: S("START_PROCESS"), RestartTime: S("2024-01-01 10:00:00"),
			CommandParam: S(`{"StartNodeList":"7351982736451,7351982736452","StartParams":"{\"dt\":\"2024-01-01\",\"env\":\"prod\",\"batch\":\"42\"}"}`)},
		{ID: 2, CommandType: I(6), State: I(7), HistoryCmd: S("SCHEDULER"), StartTime: S("2024-01-01 00:00:00"),
			Schedule: Schedule{Timezone: S("Asia/Shanghai")}},
		{ID: 3, CommandType: I(2), State: I(1), HistoryCmd: S("START_PROCESS,RECOVER_TOLERANCE_FAULT_PROCESS"), StartTime: S("2024-01-01 00:00:00"),
			CommandParam: S(`{"ProcessInstanceId":"3","StartParams":"{\"k\":\"v\"}"}`)},
		{ID: 4, CommandType: I(0), State: I(6), HistoryCmd: S("START_PROCESS"), IsSubProcess: true, StartTime: S("2024-01-01 00:00:00"),
			CommandParam: S(`{"parentProcessInstanceId":"10","parentTaskInstanceId":"20","processInstanceId":"4","id":"3","fatherParams":"{\"x\":\"1\"}"}`)},
	}
	benchCommands = []CommandRow{
		{ID: 1, CommandType: I(2), InstanceState: I(1), CommandParam: S(`{"ProcessInstanceId":12}`)},
		{ID: 2, CommandType: I(0), CommandParam: S(`{"StartNodeList":"7351982736451","StartParams":"{\"dt\":\"2024-01-01\"}"}`)},
		{ID: 3, CommandType: I(6), Schedule: Schedule{Timezone: S("Asia/Shanghai")}},
		{ID: 4, CommandType: I(7), InstanceState: I(7), CommandParam: S(`{"ProcessInstanceId":12,"StartParams":"{\"k\":\"v\"}"}`)},
	}
)

func rowsPerSecond(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkInstanceTransform(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if res := Instance(benchInstances[i%len(benchInstances)]); res.Refused {
			b.Fatal(res.Reason)
		}
	}
	rowsPerSecond(b)
}

// BenchmarkInstanceTyped: a second run over already typed rows.
func BenchmarkInstanceTyped(b *testing.B) {
	rows := make([]InstanceRow, len(benchInstances))
	for i, r := range benchInstances {
		c := tcase{kind: TableInstance, inst: r}
		rows[i] = c.apply(Instance(r)).inst
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if res := Instance(rows[i%len(rows)]); res.ParamChanged {
			b.Fatal("changed")
		}
	}
	rowsPerSecond(b)
}

func BenchmarkComplementInstance(b *testing.B) {
	r := complement(1, "2024-01-10 00:00:00",
		`{"complementStartDate":"2024-01-01 00:00:00","complementEndDate":"2024-01-31 00:00:00"}`, "0 0 2 * * ? *")
	r.ScheduleTime = S("2024-01-10 02:00:00")
	b.ReportAllocs()
	for b.Loop() {
		if res := Instance(r); res.Refused {
			b.Fatal(res.Reason)
		}
	}
	rowsPerSecond(b)
}

func BenchmarkCommandTransform(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if res := Command(benchCommands[i%len(benchCommands)]); res.Refused {
			b.Fatal(res.Reason)
		}
	}
	rowsPerSecond(b)
}

func BenchmarkTaskInstanceTransform(b *testing.B) {
	r := TaskInstanceRow{ID: 1, TaskType: S("SUB_PROCESS"), State: I(1),
		TaskParams: S(`{"localParams":[],"resourceList":[],"processDefinitionCode":7351982736451,"dependence":{},"conditionResult":{"successNode":[],"failedNode":[]},"waitStartTimeout":{}}`)}
	b.ReportAllocs()
	for b.Loop() {
		if res := TaskInstance(r); res.Refused {
			b.Fatal(res.Reason)
		}
	}
	rowsPerSecond(b)
}

// BenchmarkStream: JSON Lines in and out, per row.
func BenchmarkStream(b *testing.B) {
	const line = `{"table":"instance","id":1,"command_type":0,"state":1,"history_cmd":"START_PROCESS","is_sub_process":0,` +
		`"schedule_time":null,"schedule_timezone":null,"schedule_crons":[],"test_flag":null,"task_depend_type":null,` +
		`"start_time":"2024-01-01 00:00:00","restart_time":null,` +
		`"command_param":"{\"StartNodeList\":\"7351982736451\",\"StartParams\":\"{\\\"dt\\\":\\\"2024-01-01\\\"}\"}"}` + "\n"
	const n = 1000
	in := strings.Repeat(line, n)
	b.ReportAllocs()
	for b.Loop() {
		if err := Stream(strings.NewReader(in), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}

// BenchmarkLargeParam: a 1 MB StartParams map.
func BenchmarkLargeParam(b *testing.B) {
	var m bytes.Buffer
	m.WriteString(`{`)
	for i := range 20000 {
		if i > 0 {
			m.WriteByte(',')
		}
		m.WriteString(`\"key` + strings.Repeat("x", 10) + string(rune('a'+i%26)) + itoa(i) + `\":\"value-` + itoa(i) + `\"`)
	}
	m.WriteString(`}`)
	r := InstanceRow{ID: 1, State: I(1), HistoryCmd: S("START_PROCESS"), CommandParam: S(`{"StartParams":"` + m.String() + `"}`)}
	b.SetBytes(int64(len(r.CommandParam.String)))
	b.ReportAllocs()
	for b.Loop() {
		if res := Instance(r); res.Refused {
			b.Fatal(res.Reason)
		}
	}
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + string(appendInt(nil, i))) }

func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}
