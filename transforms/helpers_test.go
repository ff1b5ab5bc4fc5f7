package transforms

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// Special wantParam values.
const (
	wantNULL = "<NULL>" // SQL NULL
	wantSame = "<same>" // the input, unchanged
)

// tcase is one table-driven case for any row kind.
type tcase struct {
	name string
	kind Table
	inst InstanceRow
	cmd  CommandRow
	task TaskInstanceRow

	param   string  // expected command_param: exact text, wantNULL or wantSame ("" = not checked: task rows)
	changes Changes // expected column changes
	action  Action
	status  string   // expected FailoverStatus
	ref     int64    // expected InstanceRef
	refused string   // the key the refusal reason must start with ("" = not refused)
	rules   []string // rules that must be among the findings
}

func (c *tcase) input() NullString {
	switch c.kind {
	case TableInstance:
		return c.inst.CommandParam
	case TableCommand, TableErrorCommand:
		return c.cmd.CommandParam
	}
	return NullString{}
}

func (c *tcase) run() Result {
	switch c.kind {
	case TableInstance:
		return Instance(c.inst)
	case TableCommand:
		return Command(c.cmd)
	case TableErrorCommand:
		return ErrorCommand(c.cmd)
	}
	return TaskInstance(c.task)
}

// apply returns the case's row as it is after writing res.
func (c tcase) apply(res Result) tcase {
	ch := res.Changes
	setI := func(dst *NullInt, v NullInt) {
		if v.Valid {
			*dst = v
		}
	}
	setS := func(dst *NullString, v NullString) {
		if v.Valid {
			*dst = v
		}
	}
	switch c.kind {
	case TableInstance:
		c.inst.CommandParam = res.CommandParam
		setI(&c.inst.State, ch.State)
		setI(&c.inst.CommandType, ch.CommandType)
		setI(&c.inst.TestFlag, ch.TestFlag)
		setI(&c.inst.TaskDependType, ch.TaskDependType)
		setS(&c.inst.StartTime, ch.StartTime)
	case TableCommand, TableErrorCommand:
		// InstanceState stays the instance's original state (CommandRow doc).
		c.cmd.CommandParam = res.CommandParam
		setI(&c.cmd.CommandType, ch.CommandType)
	case TableTaskInstance:
		setS(&c.task.TaskType, ch.TaskType)
		setS(&c.task.TaskParams, ch.TaskParams)
		setI(&c.task.State, ch.State)
		setI(&c.task.TestFlag, ch.TestFlag)
	}
	return c
}

// check asserts res against the case, then idempotency:
// transform(apply(transform(x))) writes nothing.
func (c *tcase) check(t *testing.T, res Result) {
	t.Helper()
	in := c.input()
	if c.refused != "" {
		if !res.Refused {
			t.Fatalf("not refused; param %q findings %v", res.CommandParam.String, res.Findings)
		}
		if !strings.HasPrefix(res.Reason, c.refused+":") {
			t.Errorf("reason %q does not start with %q", res.Reason, c.refused+":")
		}
		if res.CommandParam != in || res.ParamChanged || !res.Changes.Empty() || res.Action != ActionNone || res.Findings != nil {
			t.Errorf("refused row not left untouched: %+v", res)
		}
		return
	}
	if res.Refused {
		t.Fatalf("refused: %s", res.Reason)
	}
	switch c.param {
	case "":
	case wantNULL:
		if res.CommandParam.Valid {
			t.Errorf("param = %s, want NULL", res.CommandParam.String)
		}
	case wantSame:
		if res.CommandParam != in || res.ParamChanged {
			t.Errorf("param changed: %q → %q", in.String, res.CommandParam.String)
		}
	default:
		if !res.CommandParam.Valid || res.CommandParam.String != c.param {
			t.Errorf("param\n got %s\nwant %s", res.CommandParam.String, c.param)
		}
		if !json.Valid([]byte(res.CommandParam.String)) {
			t.Errorf("param is not valid JSON")
		}
	}
	if res.ParamChanged != (res.CommandParam != in) {
		t.Errorf("ParamChanged = %v but param %q → %q", res.ParamChanged, in.String, res.CommandParam.String)
	}
	if res.Changes != c.changes {
		t.Errorf("changes\n got %+v\nwant %+v", res.Changes, c.changes)
	}
	if res.Action != c.action || res.FailoverStatus != c.status {
		t.Errorf("action %q/%q, want %q/%q", res.Action, res.FailoverStatus, c.action, c.status)
	}
	if res.InstanceRef != c.ref {
		t.Errorf("InstanceRef %d, want %d", res.InstanceRef, c.ref)
	}
	for _, rule := range c.rules {
		if !slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Rule == rule }) {
			t.Errorf("no %q finding in %v", rule, res.Findings)
		}
	}
	assertIdempotent(t, *c, res)
}

func assertIdempotent(t *testing.T, c tcase, res Result) {
	t.Helper()
	if res.Refused {
		return
	}
	again := c.apply(res)
	res2 := again.run()
	if res2.Refused {
		t.Fatalf("second run refused: %s", res2.Reason)
	}
	if res2.CommandParam != res.CommandParam || res2.ParamChanged {
		t.Errorf("second run changed the param:\n%q\n%q", res.CommandParam.String, res2.CommandParam.String)
	}
	if !res2.Changes.Empty() {
		t.Errorf("second run has changes: %+v", res2.Changes)
	}
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, c.run())
		})
	}
}

// Short constructors for the tables.
var (
	S = Str
	I = Int
)

// NS is SQL NULL text, NI SQL NULL integer.
var (
	NS = NullString{}
	NI = NullInt{}
)

// enc2 double-encodes a map the way 2.0.x writes StartParams / fatherParams.
func enc2(key string, m map[string]any) string {
	inner, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	outer, err := json.Marshal(map[string]string{key: string(inner)})
	if err != nil {
		panic(err)
	}
	return string(outer)
}

// typed builds expected params; fields are raw JSON.
func typed(id, rest string) string {
	return `{"commandType":"` + id + `","subWorkflowInstance":false,` + rest + `}`
}

const nulls = `"startNodes":null,"commandParams":null,"timeZone":null`

func prop(k, v string) string {
	return `{"prop":"` + k + `","direct":"IN","type":"VARCHAR","value":` + v + `}`
}

// mustZone loads a tz database zone for a test case (panics: test data).
func mustZone(name string) *time.Location {
	loc, err := ServerZone(name)
	if err != nil || loc == nil {
		panic(name)
	}
	return loc
}
