package verify

import (
	"database/sql"
	"strings"
	"testing"
)

func TestCommandParamProblem(t *testing.T) {
	typed := func(id string) string {
		return `{"commandType":"` + id + `","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null}`
	}
	for _, tt := range []struct {
		name  string
		typ   sql.NullInt64
		param sql.NullString
		want  string // "" : no problem; else a phrase of the message
		fix   string
	}{
		{"typed start", sql.NullInt64{Int64: 0, Valid: true}, sql.NullString{String: typed(TypeStartProcess), Valid: true}, "", ""},
		{"legacy start map", sql.NullInt64{Int64: 0, Valid: true}, sql.NullString{String: `{"StartParams":"{}"}`, Valid: true}, "does not parse as ICommandParam", FixUpgrade},
		{"wrong type id", sql.NullInt64{Int64: 6, Valid: true}, sql.NullString{String: typed(TypeStartProcess), Valid: true}, "a type-6 command needs", FixUpgrade},
		{"no handler", sql.NullInt64{Int64: 9, Valid: true}, sql.NullString{String: "{}", Valid: true}, "has no 3.3 handler", FixUpgrade},
		{"NULL type", sql.NullInt64{}, sql.NullString{}, "has no 3.3 handler", FixUpgrade},
		{"recover ignores its param", sql.NullInt64{Int64: 7, Valid: true}, sql.NullString{String: "garbage", Valid: true}, "", ""},
		{"legacy failover", sql.NullInt64{Int64: 2, Valid: true}, sql.NullString{String: `{"ProcessInstanceId":1}`, Valid: true}, "WorkflowFailoverCommandParam", FixUpgrade},
		{"failover without status", sql.NullInt64{Int64: 2, Valid: true}, sql.NullString{String: `{"commandType":"RECOVER_TOLERANCE_FAULT"}`, Valid: true}, "workflowExecutionStatus is null", ""},
		{"failover by ordinal is a warning only", sql.NullInt64{Int64: 2, Valid: true}, sql.NullString{String: `{"commandType":"RECOVER_TOLERANCE_FAULT","workflowExecutionStatus":1}`, Valid: true}, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, bad := CommandParamProblem(tt.typ, tt.param)
			if bad != (tt.want != "") || !strings.Contains(p.Message, tt.want) || (tt.fix != "" && p.Fix != tt.fix) || (bad && p.Rule != V05) {
				t.Errorf("got %v %+v, want problem %q fix %q", bad, p, tt.want, tt.fix)
			}
		})
	}
}

func TestInstanceParamProblemIsV01(t *testing.T) {
	for param, want := range map[string]bool{
		`{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null}`: false,
		`{"StartParams":"{}"}`: true,
		`[]`:                   true,
	} {
		p, bad := InstanceParamProblem(sql.NullString{String: param, Valid: true})
		if bad != want || (bad && (p.Rule != V01 || p.Fix == "")) {
			t.Errorf("%s: %v %+v", param, bad, p)
		}
		// The same verdict as the full run's V01.
		var v01 bool
		checkInstance(instanceRow{param: sql.NullString{String: param, Valid: true}}, instanceEnv{failoverPending: func(int64) bool { return false },
			errorCommand: func(int64) (int64, bool) { return 0, false }, pendingCommand: func(int64) bool { return false },
			definition: func(_, _ sql.NullInt64) defCheck { return defCheck{} }}, func(rule, _, message, _ string) {
			if rule == V01 {
				v01 = message == p.Message
			}
		})
		if v01 != want {
			t.Errorf("%s: verify's V01 disagrees (emitted same message: %v)", param, v01)
		}
	}
	if _, bad := InstanceParamProblem(sql.NullString{}); !bad {
		t.Error("NULL param passes")
	}
}
