// Package oracle runs ../shared/oracle — DS 3.3's ICommandParam classes
// replicated over the real Jackson library — on many params in one JVM, for
// tests that must agree with what a 3.3 master parses.
package oracle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// Case is one param to parse. Param nil is SQL NULL. Target "" parses as
// ICommandParam; "WorkflowFailoverCommandParam" as the failover handler does.
type Case struct {
	Key    string  `json:"key"`
	Param  *string `json:"command_param"`
	Target string  `json:"target,omitempty"`
}

// Verdict is the oracle's answer (its README documents the fields).
type Verdict struct {
	Key         string          `json:"key"`
	Outcome     string          `json:"outcome"` // ok | null | error
	Reason      string          `json:"reason"`
	Type        string          `json:"type"`         // e.g. RunWorkflowCommandParam
	CommandType string          `json:"command_type"` // getCommandType()
	Error       string          `json:"error"`
	Parsed      json.RawMessage `json:"parsed"`
}

// OK reports whether DS 3.3 gets an object from the param.
func (v Verdict) OK() bool { return v.Outcome == "ok" }

// Parse runs every case through the oracle in one java process and returns
// the verdicts by key. It skips the test outside CI when java or the pack
// is missing, and fails it under CI=true.
func Parse(t testing.TB, cases []Case) map[string]Verdict {
	t.Helper()
	shared := testenv.SharedDir(t)
	testenv.Tool(t, "java")
	bash := testenv.Tool(t, "bash")
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bash, filepath.Join(shared, "oracle", "run.sh"))
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("oracle: %v\n%s", err, stderr.String())
	}
	verdicts := map[string]Verdict{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() {
		var v Verdict
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("oracle output line: %v: %s", err, sc.Text())
		}
		verdicts[v.Key] = v
	}
	if len(verdicts) != len(cases) {
		t.Fatalf("oracle answered %d of %d cases (duplicate keys?)", len(verdicts), len(cases))
	}
	return verdicts
}

// Key formats a case key from a table and a row id.
func Key(table string, id int64) string { return fmt.Sprintf("%s/%d", table, id) }
