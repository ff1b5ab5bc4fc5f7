package inspect

import (
	"strings"
	"testing"
)

func TestClassifyParam(t *testing.T) {
	tests := []struct {
		name  string
		param string
		valid bool
		want  paramClass
	}{
		{"sql null", "", false, paramClass{untyped: true}},
		{"empty", "", true, paramClass{untyped: true}},
		{"blank", "  \n", true, paramClass{untyped: true}},
		{"empty object", "{}", true, paramClass{untyped: true}},
		{"legacy map", `{"ProcessInstanceId":12,"StartNodeList":"1,2"}`, true, paramClass{untyped: true}},
		{"typed", `{"commandType":"START_PROCESS","startNodes":[1]}`, true, paramClass{}},
		{"typed, commandType not first", ` {"startNodes":null,"commandType":"SCHEDULER"}`, true, paramClass{}},
		{"nested commandType does not count", `{"x":{"commandType":"START_PROCESS"}}`, true, paramClass{untyped: true}},
		{"invalid json", `{"ProcessInstanceId":`, true, paramClass{untyped: true, unparseable: true}},
		{"array", `[{"commandType":"START_PROCESS"}]`, true, paramClass{untyped: true, unparseable: true}},
		{"scalar", `42`, true, paramClass{untyped: true, unparseable: true}},
		{"json null", `null`, true, paramClass{untyped: true, unparseable: true}},
		{"start node ids", `{"StartNodeIdList":"5,6"}`, true, paramClass{untyped: true, startNodeID: true}},
		{"1.3 waiting thread", `{"WaittingThreadInstanceId":"3"}`, true, paramClass{untyped: true, legacy13: true}},
		{"1.3 node names", `{"StartNodeNameList":"a,b"}`, true, paramClass{untyped: true, legacy13: true}},
		{"1.3 definition id", `{"processDefinitionId":"7"}`, true, paramClass{untyped: true, legacy13: true}},
		{"big", `{"StartParams":"` + strings.Repeat("x", 1<<20) + `"}`, true, paramClass{untyped: true}},
	}
	for _, tt := range tests {
		if got := classifyParam(tt.param, tt.valid); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func FuzzClassifyParam(f *testing.F) {
	for _, s := range []string{"", "{}", `{"commandType":"X"}`, `[1]`, `{"a":`, "null"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pc := classifyParam(s, true)
		if pc.unparseable && !pc.untyped {
			t.Fatalf("%q: unparseable but typed", s)
		}
	})
}
