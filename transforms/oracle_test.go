package transforms

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/testenv"
	"github.com/tidwall/gjson"
)

// An oracleProbe is one command_param sent to ../shared/oracle (real Jackson
// over replicas of the DS 3.3 ICommandParam classes) with what we expect.
type oracleProbe struct {
	key    string
	param  NullString
	target string // "" = ICommandParam

	legacy bool   // an untransformed legacy param: the oracle must say null
	want   string // the param we expect it to parse (exact JSON); "" = only "ok" and the type
	exact  bool   // our output must equal Jackson's re-serialization byte for byte
}

// typedFieldNames are compared one by one between want and the oracle's parse.
var typedFieldNames = []string{"commandType", "subWorkflowInstance", "startNodes", "commandParams", "timeZone",
	"workflowExecutionStatus", "backfillTimeList"}

type probeSet struct {
	probes            []oracleProbe
	outputs, legacies int
}

// output adds a transform result: a written param must parse to itself; a kept
// typed param must parse. want is the case's expected text ("" for seeds).
func (ps *probeSet) output(key string, res Result, want string) {
	p := res.CommandParam
	if res.Refused || !p.Valid {
		return
	}
	if !res.ParamChanged {
		if kind, _, _, _ := readParam(p); kind != paramTyped {
			return // a retired command moved whole
		}
	}
	if want == "" || want == wantSame || want == wantNULL {
		want = p.String
	}
	pr := oracleProbe{key: key, param: p, want: want, exact: res.ParamChanged}
	ps.probes = append(ps.probes, pr)
	ps.outputs++
	if gjson.Get(p.String, "commandType").Str == idFailover {
		pr.key, pr.target = key+"/as-failover-handler", "WorkflowFailoverCommandParam"
		ps.probes = append(ps.probes, pr)
	}
}

// input adds an untransformed param the transforms classify as legacy or empty.
func (ps *probeSet) input(key string, in NullString) {
	if kind, _, _, why := readParam(in); why != "" || kind == paramTyped {
		return
	}
	ps.probes = append(ps.probes, oracleProbe{key: key, param: in, legacy: true})
	ps.legacies++
}

func TestOracle(t *testing.T) {
	shared := testenv.SharedDir(t)
	testenv.Tool(t, "java")
	bash := testenv.Tool(t, "bash")
	run := filepath.Join(shared, "oracle", "run.sh")

	var ps probeSet
	for _, c := range append(instanceCases(), commandCases()...) {
		res := c.run()
		ps.output("case/"+string(c.kind)+"/"+c.name, res, c.param)
		ps.input("legacy/"+string(c.kind)+"/"+c.name, c.input())
	}
	for i, s := range instanceSeeds() {
		r := s.row()
		ps.output("seed/instance/"+strconv.Itoa(i), Instance(r), "")
		ps.input("seed-legacy/instance/"+strconv.Itoa(i), r.CommandParam)
	}
	for i, s := range commandSeeds() {
		ps.output("seed/command/"+strconv.Itoa(i), s.run(), "")
		ps.input("seed-legacy/command/"+strconv.Itoa(i), s.row().CommandParam)
	}
	// The oracle's own cases (typed, half-typed, legacy) through the transforms.
	f, err := os.Open(filepath.Join(shared, "oracle", "cases.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for n := 0; sc.Scan(); n++ {
		line := gjson.Parse(sc.Text())
		cp := line.Get("command_param")
		p := NullString{cp.Str, cp.Type == gjson.String}
		k := "oracle-case/" + line.Get("key").String()
		ps.output(k+"/instance", Instance(InstanceRow{ID: 1, State: I(1), HistoryCmd: S("START_PROCESS"), CommandParam: p}), "")
		ps.output(k+"/command-0", Command(CommandRow{ID: 1, CommandType: I(0), CommandParam: p}), "")
		ps.output(k+"/command-2", Command(CommandRow{ID: 1, CommandType: I(2), InstanceState: I(2), CommandParam: p}), "")
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	got := runOracle(t, bash, run, ps.probes)
	failures := 0
	fail := func(format string, args ...any) {
		t.Helper()
		if failures++; failures <= 40 {
			t.Errorf(format, args...)
		}
	}
	for i, pr := range ps.probes {
		o := got[i]
		outcome := o.Get("outcome").Str
		if pr.legacy {
			if outcome != "null" {
				fail("%s: untransformed param %q: oracle outcome %s, want null", pr.key, clip(pr.param.String), outcome)
			}
			continue
		}
		if outcome != "ok" {
			fail("%s: oracle outcome %s (%s) for %s", pr.key, outcome, o.Get("error").Str, pr.param.String)
			continue
		}
		if wantType := ClassOf(gjson.Get(pr.want, "commandType").Str); o.Get("type").Str != wantType {
			fail("%s: oracle type %s, want %s", pr.key, o.Get("type").Str, wantType)
		}
		parsed := o.Get("parsed").Raw
		if pr.exact {
			for _, field := range typedFieldNames {
				if g, w := gjson.Get(parsed, field).Raw, gjson.Get(pr.want, field).Raw; g != w {
					fail("%s: %s: oracle parsed %s, want %s", pr.key, field, g, w)
				}
			}
			if parsed != pr.param.String {
				fail("%s: Jackson re-serializes\n %s\nwe wrote\n %s", pr.key, parsed, pr.param.String)
			}
		}
	}
	t.Logf("oracle checked %d transformed params (%d probes incl. failover-handler target) and %d untransformed legacy params (all null)",
		ps.outputs, len(ps.probes)-ps.legacies, ps.legacies)
}

// runOracle pipes every probe through one java invocation; answers by index.
func runOracle(t *testing.T, bash, run string, probes []oracleProbe) []gjson.Result {
	t.Helper()
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	enc.SetEscapeHTML(false)
	for i, p := range probes {
		line := map[string]any{"key": i, "command_param": nil}
		if p.param.Valid {
			line["command_param"] = p.param.String
		}
		if p.target != "" {
			line["target"] = p.target
		}
		if err := enc.Encode(line); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bash, run)
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v\n%s", err, stderr.String())
	}
	got := make([]gjson.Result, len(probes))
	seen := 0
	for l := range bytes.SplitSeq(bytes.TrimSpace(out), []byte("\n")) {
		r := gjson.ParseBytes(l)
		i := int(r.Get("key").Int())
		if i < 0 || i >= len(got) || r.Get("reason").Str == "bad_input_line" {
			t.Fatalf("oracle answered %s", l)
		}
		got[i] = r
		seen++
	}
	if seen != len(probes) {
		t.Fatalf("oracle answered %d of %d probes", seen, len(probes))
	}
	return got
}
