package repair

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/oracle"
	"github.com/dsmigrate/dsmigrate/transforms"
)

func TestParamStatusReadsLikeJackson(t *testing.T) {
	f := func(status string) transforms.NullString {
		return transforms.Str(`{"commandType":"RECOVER_TOLERANCE_FAULT","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null` + status + `}`)
	}
	cases := []struct {
		param transforms.NullString
		want  string
	}{
		{f(`,"workflowExecutionStatus":"RUNNING_EXECUTION"`), "RUNNING_EXECUTION"},
		{f(`,"workflowExecutionStatus":"READY_PAUSE"`), "READY_PAUSE"},
		{f(`,"workflowExecutionStatus":"READY_STOP"`), "READY_STOP"},
		{f(`,"workflowExecutionStatus":1`), "RUNNING_EXECUTION"}, // Jackson: ordinal
		{f(`,"workflowExecutionStatus":2`), "READY_PAUSE"},
		{f(`,"workflowExecutionStatus":4`), "READY_STOP"},
		{f(`,"workflowExecutionStatus":"4"`), "READY_STOP"},
		{f(`,"workflowExecutionStatus":0`), ""},  // SUBMITTED_SUCCESS
		{f(`,"workflowExecutionStatus":8`), ""},  // ordinal 8 = SERIAL_WAIT, not code 8
		{f(`,"workflowExecutionStatus":14`), ""}, // no such ordinal: null
		{f(`,"workflowExecutionStatus":1.0`), ""},
		{f(`,"workflowExecutionStatus":-1`), ""},
		{f(`,"workflowExecutionStatus":null`), ""},
		{f(``), ""},
		{f(`,"workflowExecutionStatus":"WAITING_THREAD"`), ""},
		{f(`,"workflowExecutionStatus":"running_execution"`), ""}, // enums are case-sensitive
		{f(`,"workflowExecutionStatus":"FAILOVER"`), ""},
		{f(`,"workflowExecutionStatus":"FAILURE","workflowExecutionStatus":"READY_STOP"`), "READY_STOP"}, // the last one wins
		{f(`,"workflowExecutionStatus":["READY_STOP"]`), ""},
		{transforms.Str(`{"ProcessInstanceId":12}`), ""},
		{transforms.Str(`not json`), ""},
		{transforms.Str(`[]`), ""},
		{transforms.NullString{}, ""},
	}
	var oc []oracle.Case
	for i, c := range cases {
		got, why := paramStatus(c.param)
		if got != c.want || (got == "") == (why == "") {
			t.Errorf("%s: %q (%s), want %q", c.param.String, got, why, c.want)
		}
		if c.param.Valid {
			p := c.param.String
			oc = append(oc, oracle.Case{Key: fmt.Sprint(i), Param: &p, Target: "WorkflowFailoverCommandParam"})
		}
	}
	// What the failover handler gets from the same params (real Jackson): a
	// resumable status exactly when paramStatus returns one, and the same one.
	for key, v := range oracle.Parse(t, oc) {
		var i int
		fmt.Sscan(key, &i)
		var parsed struct {
			Status *string `json:"workflowExecutionStatus"`
		}
		_ = json.Unmarshal(v.Parsed, &parsed)
		jackson := ""
		if v.OK() && parsed.Status != nil && resumable(*parsed.Status) {
			jackson = *parsed.Status
		}
		if jackson != cases[i].want {
			t.Errorf("%s: Jackson reads %q (%s %s), paramStatus %q", cases[i].param.String, jackson, v.Outcome, v.Parsed, cases[i].want)
		}
	}
}

func TestHistoryStatus(t *testing.T) {
	cases := []struct {
		history transforms.NullString
		want    string
	}{
		{transforms.NullString{}, ""},
		{transforms.Str(""), ""},
		{transforms.Str(`[{"time":"2024-03-01 12:00:00","state":"RUNNING_EXECUTION","desc":"init running"}]`), "RUNNING_EXECUTION"},
		{transforms.Str(`[{"time":"2024-03-01 12:00:00","state":"RUNNING_EXECUTION","desc":"init running"},{"time":"2024-03-01 12:10:00","state":"READY_PAUSE","desc":"pause"},{"time":"2024-03-01 12:20:00","state":"FAILOVER","desc":"failover"}]`), "READY_PAUSE"},
		{transforms.Str(`[{"time":"2024-03-01 12:00:00","state":"SUBMITTED_SUCCESS","desc":"submit"}]`), ""}, // not a failover state: stale
		{transforms.Str(`[{"time":"2024-03-01 12:00:00","state":1,"desc":"?"}]`), ""},
		{transforms.Str(`[{"time":"2024-03-01 12:20:00","state":"FAILOVER","desc":"failover"}]`), ""},
		{transforms.Str(`{"state":"RUNNING_EXECUTION"}`), ""},
		{transforms.Str(`[`), ""},
	}
	for _, c := range cases {
		got, why := historyStatus(c.history)
		if got != c.want || (got == "") == (why == "") {
			t.Errorf("%s: %q (%s), want %q", c.history.String, got, why, c.want)
		}
	}
}
