package verify

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// TestJacksonOracleCatalogue runs the oracle pack's own 122 cases through the
// model and compares with the pack's expected.jsonl (real Jackson's answers).
func TestJacksonOracleCatalogue(t *testing.T) {
	dir := filepath.Join(testenv.SharedDir(t), "oracle")
	type in struct {
		Key    string  `json:"key"`
		Param  *string `json:"command_param"`
		Target string  `json:"target"`
	}
	type want struct {
		Key     string          `json:"key"`
		Outcome string          `json:"outcome"`
		Parsed  json.RawMessage `json:"parsed"`
	}
	expected := map[string]want{}
	readLines(t, filepath.Join(dir, "expected.jsonl"), func(b []byte) {
		var w want
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		expected[w.Key] = w
	})
	n := 0
	readLines(t, filepath.Join(dir, "cases.jsonl"), func(b []byte) {
		var c in
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		target := ICommandParam
		if c.Target == "WorkflowFailoverCommandParam" {
			target = FailoverCommandParam
		}
		got := ParseCommandParam(c.Param, target)
		w := expected[c.Key]
		n++
		if got.OK != (w.Outcome == "ok") {
			t.Errorf("%s: model ok=%v (%s), Jackson %s; param %.100q", c.Key, got.OK, got.Reason, w.Outcome, deref(c.Param))
			return
		}
		if got.OK {
			if diff := compareParsed(got, w.Parsed); diff != "" {
				t.Errorf("%s: parsed values differ: %s", c.Key, diff)
			}
		}
	})
	if n < 100 {
		t.Fatalf("only %d oracle cases read", n)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<NULL>"
	}
	return *s
}

func readLines(t *testing.T, path string, fn func([]byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if len(sc.Bytes()) > 0 {
			fn(sc.Bytes())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
