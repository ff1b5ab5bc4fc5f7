package verify

import "testing"

// Hand-picked cases beyond the oracle pack's catalogue, each checked against
// real Jackson while this model was written (oracle_test.go re-checks the
// generated corpus on every CI run).
func TestParseCommandParam(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []struct {
		name   string
		param  *string
		target Target
		ok     bool
		check  func(Param) bool
	}{
		{"null", nil, ICommandParam, false, nil},
		{"empty", s(""), ICommandParam, false, nil},
		{"typed", s(`{"commandType":"START_PROCESS","startNodes":[1,"2"," 3 ",null,""]}`), ICommandParam, true,
			func(p Param) bool {
				return len(p.StartNodes) == 5 && p.StartNodes[2].Value == 3 && !p.StartNodes[3].Valid && !p.StartNodes[4].Valid
			}},
		{"null type id skipped, next one wins", s(`{"commandType":null,"commandType":"SCHEDULER"}`), ICommandParam, true,
			func(p Param) bool { return p.TypeID == TypeScheduler }},
		{"object type id skipped", s(`{"commandType":{},"commandType":"SCHEDULER"}`), ICommandParam, true, nil},
		{"numeric type id", s(`{"commandType":6}`), ICommandParam, false, nil},
		{"escaped key", s(`{"command\u0054ype":"START_PROCESS"}`), ICommandParam, true, nil},
		{"trailing garbage", s(`{"commandType":"START_PROCESS"} }}}`), ICommandParam, true, nil},
		{"garbage inside", s(`{"commandType":"START_PROCESS",}`), ICommandParam, false, nil},
		{"leading zero", s(`{"commandType":"START_PROCESS","x":01}`), ICommandParam, false, nil},
		{"unicode digits", s(`{"commandType":"START_PROCESS","startNodes":["١٢"]}`), ICommandParam, true,
			func(p Param) bool { return p.StartNodes[0].Value == 12 }},
		{"supplementary digit", s(`{"commandType":"START_PROCESS","startNodes":["𝟏"]}`), ICommandParam, false, nil},
		{"float truncated", s(`{"commandType":"START_PROCESS","startNodes":[-1.9]}`), ICommandParam, true,
			func(p Param) bool { return p.StartNodes[0].Value == -1 }},
		{"2^63 as double saturates", s(`{"commandType":"START_PROCESS","startNodes":[9223372036854775807.5]}`), ICommandParam, true,
			func(p Param) bool { return p.StartNodes[0].Value == 9223372036854775807 }},
		{"buffered BigDecimal is exact", s(`{"startNodes":[9223372036854775807.5],"commandType":"START_PROCESS"}`), ICommandParam, false, nil},
		{"string float", s(`{"commandType":"START_PROCESS","startNodes":["1.5"]}`), ICommandParam, false, nil},
		{"empty array element", s(`{"commandType":"START_PROCESS","startNodes":[[]]}`), ICommandParam, true, nil},
		{"boolean from []", s(`{"commandType":"START_PROCESS","subWorkflowInstance":[]}`), ICommandParam, false, nil},
		{"boolean blank", s(`{"commandType":"START_PROCESS","subWorkflowInstance":" "}`), ICommandParam, true, nil},
		{"timeZone []", s(`{"commandType":"START_PROCESS","timeZone":[]}`), ICommandParam, true,
			func(p Param) bool { return p.TimeZone == nil }},
		{"timeZone -0 buffered", s(`{"timeZone":-0,"commandType":"START_PROCESS"}`), ICommandParam, true,
			func(p Param) bool { return *p.TimeZone == "0" }},
		{"backfill [] element", s(`{"commandType":"COMPLEMENT_DATA","backfillTimeList":[[]]}`), ICommandParam, false, nil},
		{"status padded name", s(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":" READY_PAUSE "}`), FailoverCommandParam, true,
			func(p Param) bool { return p.Status == "READY_PAUSE" && !p.StatusFromNumber }},
		{"status ordinal string", s(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":"06"}`), FailoverCommandParam, true,
			func(p Param) bool { return p.Status == "FAILURE" && p.StatusFromNumber }},
		{"status beyond int", s(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":2147483648}`), FailoverCommandParam, false, nil},
		{"status float", s(`{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":1.0}`), FailoverCommandParam, false, nil},
		{"failover target, other id", s(`{"commandType":"START_PROCESS"}`), FailoverCommandParam, false, nil},
		{"wrapper", s(`["RECOVER_TOLERANCE_FAULT",{"workflowExecutionStatus":"READY_STOP"}] x`), FailoverCommandParam, true,
			func(p Param) bool { return p.Status == "READY_STOP" }},
		{"wrapper extra element", s(`["START_PROCESS",{},1]`), ICommandParam, false, nil},
		{"workflowInstanceId string", s(`{"commandType":"REPEAT_RUNNING","workflowInstanceId":" +12 "}`), ICommandParam, true,
			func(p Param) bool { return *p.WorkflowInstanceID == 12 }},
		{"deep nesting in an unknown key", s(`{"commandType":"START_PROCESS","x":` + deep(5000) + `}`), ICommandParam, true, nil},
	}
	for _, c := range cases {
		got := ParseCommandParam(c.param, c.target)
		if got.OK != c.ok {
			t.Errorf("%s: ok=%v (%s), want %v", c.name, got.OK, got.Reason, c.ok)
			continue
		}
		if c.check != nil && !c.check(got) {
			t.Errorf("%s: values %+v", c.name, got)
		}
		if !got.OK && got.Reason == "" {
			t.Errorf("%s: no reason", c.name)
		}
	}
}

func deep(n int) string {
	b := make([]byte, 0, 2*n+1)
	for i := 0; i < n; i++ {
		b = append(b, '[')
	}
	b = append(b, '1')
	for i := 0; i < n; i++ {
		b = append(b, ']')
	}
	return string(b)
}

func TestJavaNumbers(t *testing.T) {
	for s, want := range map[string]int64{"12": 12, "+5": 5, "-9223372036854775808": -9223372036854775808, "１２": 12, "٣": 3} {
		if got, ok := javaParseLong(s); !ok || got != want {
			t.Errorf("javaParseLong(%q) = %d, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "+", "-", "9223372036854775808", "1.5", "0x1", "𝟏", " 1"} {
		if _, ok := javaParseLong(s); ok {
			t.Errorf("javaParseLong(%q) accepted", s)
		}
	}
	for raw, want := range map[string]string{"1.50": "1.50", "1e3": "1E+3", "0.0000001": "1E-7", "0.000001": "0.000001",
		"-0.0": "0.0", "123.456e-2": "1.23456", "1.5E10": "1.5E+10"} {
		if got := bigDecimalString(raw); got != want {
			t.Errorf("bigDecimalString(%q) = %q, want %q", raw, got, want)
		}
	}
	if _, ok := decimalToInt("2147483647.5", 32); ok {
		t.Error("2147483647.5 fits an int as a BigDecimal")
	}
	if v, ok := decimalToInt("-9223372036854775808.0", 64); !ok || v != -9223372036854775808 {
		t.Errorf("decimalToInt min long: %d %v", v, ok)
	}
}
