package transforms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

type outLine struct {
	Table        *string          `json:"table"`
	ID           *int64           `json:"id"`
	CommandParam *string          `json:"command_param"`
	ParamChanged bool             `json:"param_changed"`
	Changes      map[string]any   `json:"changes"`
	Findings     []map[string]any `json:"findings"`
	Refused      bool             `json:"refused"`
	Reason       string           `json:"reason"`
	Action       string           `json:"action"`
	Status       string           `json:"failover_status"`
	Ref          int64            `json:"instance_ref"`
}

func streamLines(t *testing.T, in string) []outLine {
	t.Helper()
	var out bytes.Buffer
	if err := Stream(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	var lines []outLine
	for l := range strings.SplitSeq(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var o outLine
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		if o.Changes == nil || o.Findings == nil && !strings.Contains(l, `"findings":[]`) {
			t.Fatalf("output line without changes/findings: %s", l)
		}
		lines = append(lines, o)
	}
	return lines
}

func TestStream(t *testing.T) {
	in := strings.Join([]string{
		`{"table":"instance","id":1,"command_type":0,"state":9,"history_cmd":"START_PROCESS","is_sub_process":0,"schedule_time":null,` +
			`"schedule_timezone":null,"schedule_crons":[],"command_param":"{\"StartNodeList\":\"5\"}","test_flag":0,"task_depend_type":2,"start_time":"2024-01-01 00:00:00"}`,
		`{"table":"command","id":2,"command_type":2,"state":1,"history_cmd":null,"is_sub_process":0,"schedule_time":null,` +
			`"schedule_timezone":null,"schedule_crons":[],"command_param":"{\"ProcessInstanceId\":12}"}`,
		`{"table":"error_command","id":3,"command_type":9,"state":null,"command_param":"{\"ProcessInstanceId\":13}"}`,
		`{"table":"command","id":4,"command_type":5,"state":null,"schedule_timezone":"UTC","schedule_crons":["0 0 0 * * ? *"],` +
			`"command_param":"{\"complementStartDate\":\"2024-01-01 00:00:00\",\"complementEndDate\":\"2024-01-02 00:00:00\"}"}`,
		`{"table":"task_instance","id":5,"task_type":"SUB_PROCESS","task_params":"{\"processDefinitionCode\":1}","state":10,"test_flag":null}`,
		`{"table":"instance","id":6,"state":1,"history_cmd":"START_PROCESS","command_param":"[1]"}`,
		`not json`,
		``,
		`{"table":"workflow","id":8}`,
		`{"table":"instance","state":1}`,
		`{"table":"instance","id":10,"state":"1"}`,
		`{"table":"instance","id":11,"is_sub_workflow":true,"state":1,"history_cmd":"START_PROCESS","command_param":null,` +
			`"test_flag":0,"task_depend_type":2,"start_time":"2024-01-01 00:00:00"}` + "\r",
	}, "\n") // no final newline: the last line still counts
	got := streamLines(t, in)
	if len(got) != 12 {
		t.Fatalf("%d output lines for 12 input lines", len(got))
	}
	for i, o := range got[:6] {
		if o.ID == nil || *o.ID != int64(i+1) {
			t.Errorf("line %d: id %v", i+1, o.ID)
		}
	}
	if o := got[0]; o.Refused || !o.ParamChanged || o.Changes["state"] != 5.0 || *o.CommandParam != typed("START_PROCESS", `"startNodes":[5],"commandParams":null,"timeZone":null`) {
		t.Errorf("instance: %+v", o)
	}
	if o := got[1]; o.Action != "failover" || o.Status != StatusRunning || o.Ref != 12 || *o.CommandParam != failoverRunning {
		t.Errorf("failover command: %+v", o)
	}
	if o := got[2]; o.Refused || o.ParamChanged || *o.CommandParam != `{"ProcessInstanceId":13}` || o.Ref != 13 {
		t.Errorf("error command: %+v", o)
	}
	if o := got[3]; o.Action != "needs_instance" || !strings.Contains(*o.CommandParam, `"backfillTimeList":["2024-01-01 00:00:00","2024-01-02 00:00:00"]`) {
		t.Errorf("complement command: %+v", o)
	}
	if o := got[4]; o.CommandParam != nil || o.Changes["task_type"] != "SUB_WORKFLOW" || o.Changes["task_params"] != `{"workflowDefinitionCode":1}` ||
		o.Changes["state"] != 0.0 || o.Changes["test_flag"] != 0.0 {
		t.Errorf("task instance: %+v", o)
	}
	if o := got[5]; !o.Refused || *o.CommandParam != "[1]" || !strings.HasPrefix(o.Reason, "command_param:") {
		t.Errorf("refused instance: %+v", o)
	}
	for i, prefix := range map[int]string{6: "line 7: not valid JSON", 7: "line 8: empty", 8: "table:", 9: "id:", 10: "state:"} {
		if o := got[i]; !o.Refused || !strings.HasPrefix(o.Reason, prefix) {
			t.Errorf("line %d: refused %v reason %q, want prefix %q", i+1, o.Refused, o.Reason, prefix)
		}
	}
	if o := got[6]; o.ID != nil || o.Table != nil {
		t.Errorf("a line that is not JSON has id %v table %v", o.ID, o.Table)
	}
	if o := got[11]; o.Refused || !strings.Contains(*o.CommandParam, `"subWorkflowInstance":true`) {
		t.Errorf("CRLF line / is_sub_workflow: %+v", o)
	}
}

func TestStreamLongLine(t *testing.T) {
	defer func(n int) { maxLineBytes = n }(maxLineBytes)
	maxLineBytes = 1000
	ok := `{"table":"task_instance","id":2,"task_type":"SHELL","state":1,"test_flag":0}`
	in := `{"table":"instance","id":1,"command_param":"` + strings.Repeat("x", 200_000) + `"}` + "\n" + ok + "\n"
	got := streamLines(t, in)
	if len(got) != 2 || !got[0].Refused || !strings.Contains(got[0].Reason, "longer than 1000 bytes") || got[1].Refused || *got[1].ID != 2 {
		t.Fatalf("got %+v", got)
	}
	// At the limit exactly: accepted.
	line := `{"table":"task_instance","id":3,"task_type":"SHELL","state":1,"test_flag":0,"pad":"`
	line += strings.Repeat("p", 1000-len(line)-2) + `"}`
	if got := streamLines(t, line+"\n"); got[0].Refused {
		t.Fatalf("a %d-byte line refused: %s", len(line), got[0].Reason)
	}
}

// genReader produces n instance lines on the fly (the input never exists whole).
type genReader struct {
	n, i int
	buf  []byte
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.i == g.n {
			return 0, io.EOF
		}
		g.i++
		g.buf = fmt.Appendf(g.buf[:0], `{"table":"instance","id":%d,"state":1,"history_cmd":"START_PROCESS","command_param":"{\"StartNodeList\":\"%d\",\"StartParams\":\"{\\\"k\\\":\\\"%d\\\"}\"}"}`+"\n", g.i, g.i, g.i)
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// lineCounter checks output lines as they come and samples the heap.
type lineCounter struct {
	lines   int
	maxHeap uint64
	partial []byte
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		if !bytes.Contains(c.partial[:i], []byte(`"refused":false`)) {
			return 0, fmt.Errorf("line %d: %s", c.lines+1, c.partial[:i])
		}
		c.lines++
		if c.lines%50_000 == 0 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			c.maxHeap = max(c.maxHeap, m.HeapInuse)
		}
		c.partial = c.partial[i+1:]
	}
	return len(p), nil
}

func TestStreamBoundedMemory(t *testing.T) {
	const n = 300_000
	var w lineCounter
	if err := Stream(&genReader{n: n}, &w); err != nil {
		t.Fatal(err)
	}
	if w.lines != n {
		t.Fatalf("%d output lines for %d", w.lines, n)
	}
	if w.maxHeap > 64<<20 {
		t.Errorf("heap in use reached %d MiB while streaming", w.maxHeap>>20)
	}
	t.Logf("%d lines, heap in use at most %.1f MiB", n, float64(w.maxHeap)/(1<<20))
}
