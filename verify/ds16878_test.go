package verify

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
)

// TestUpgradedWithoutDsmigrate is the #16878 reporter's database: 2.0.x
// data moved to 3.3 by DS's own scripts only. verify must say "not
// replayable" and name the defects by rule.
func TestUpgradedWithoutDsmigrate(t *testing.T) {
	db := dsUpgradedCatalogue(t)
	before := dbtest.Checksums(t, db)
	rep, all := verifyAll(t, db, Options{})
	if rep.Replayable {
		t.Fatal("replayable after DS's scripts alone")
	}
	if rep.Shape != "3.3" || rep.Checked != (Checked{Instances: 40, Commands: 29, ErrorCommands: 19, TaskInstances: 31}) {
		t.Errorf("shape %s, checked %+v", rep.Shape, rep.Checked)
	}
	// Untyped instance params: every instance but 31 (already typed),
	// including 35, RUNNING with a pending legacy failover command.
	v01 := idsOf(all, V01, "instance")
	if len(v01) != 39 || v01[31] || !v01[35] {
		t.Errorf("V01 instances %v: want all 40 but 31", sortedIDs(v01))
	}
	// Vanished instance states and the NULL one.
	if got := sortedIDs(idsOf(all, V02, "instance")); !reflect.DeepEqual(got, []int64{13, 14, 15, 17, 18, 19, 37}) {
		t.Errorf("V02 %v", got)
	}
	// NULL test_flag on every instance and task instance; vanished instance
	// command types; NULL task_depend_type; unfinished without start_time.
	want := map[string][]int64{
		"test_flag is NULL":                      seq(1, 40),
		"command_type 10 RECOVER_WAITING_THREAD": {16, 25},
		"task_depend_type is NULL":               {17},
		"start_time is NULL":                     {6, 34},
	}
	for phrase, ids := range want {
		if got := idsWith(all, V03, "instance", phrase); !reflect.DeepEqual(got, ids) {
			t.Errorf("V03 %q: %v, want %v", phrase, got, ids)
		}
	}
	if got := idsWith(all, V08, "task_instance", "test_flag is NULL"); !reflect.DeepEqual(got, seq(1, 31)) {
		t.Errorf("V08 test_flag: %v", got)
	}
	if got := idsWith(all, V08, "task_instance", "vanished"); !reflect.DeepEqual(got, []int64{8, 9, 11, 13, 14}) {
		t.Errorf("V08 vanished task states: %v", got)
	}
	if got := idsWith(all, V08, "task_instance", "SUB_PROCESS"); !reflect.DeepEqual(got, []int64{15, 18, 26}) {
		t.Errorf("V08 SUB_PROCESS task instances: %v", got)
	}
	// Unrunnable commands: no handler (1, 8, 9, 10), no instance, untyped
	// params including the legacy failover commands 4 and 5.
	for phrase, ids := range map[string][]int64{
		"has no 3.3 handler":                             {3, 14, 15, 16, 24},
		"points at no workflow instance":                 {1, 2, 8, 9, 11, 12, 18, 19, 20, 23, 26, 27, 28},
		"pending 2.0.9 sub-process command":              {17},
		"does not parse as WorkflowFailoverCommandParam": {4, 5, 29},
	} {
		if got := idsWith(all, V05, "command", phrase); !reflect.DeepEqual(got, ids) {
			t.Errorf("V05 %q: %v, want %v", phrase, got, ids)
		}
	}
	if got := sortedIDs(idsOf(all, V04, "")); !reflect.DeepEqual(got, []int64{18, 19, 26}) {
		t.Errorf("V04 (orphans): %v", got)
	}
	if got := dbtest.Checksums(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("verify changed tables")
	}
	t.Run("cli", func(t *testing.T) { checkCLI(t, db, rep) })
}

// checkCLI runs the real binary: exit 1, the JSON document, the JUnit file,
// bounded GitHub annotations.
func checkCLI(t *testing.T, db *dbtest.DB, api *Report) {
	bin := testenv.BuildCLI(t)
	junitPath := filepath.Join(t.TempDir(), "verify.xml")
	cmd := exec.Command(bin, "verify", "--dsn", db.URL(), "--output", "json", "--junit", junitPath, "--page-size", "3")
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=true", "DSMIGRATE_DSN=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1; stderr %s", err, stderr.String())
	}
	var doc struct {
		Replayable *bool            `json:"replayable"`
		Checked    map[string]int64 `json:"checked"`
		Findings   []Finding        `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%.500s", err, stdout.String())
	}
	if doc.Replayable == nil || *doc.Replayable || int64(len(doc.Findings)) != api.Errors()+api.Warnings() {
		t.Errorf("json: replayable %v, %d findings; API %d", doc.Replayable, len(doc.Findings), api.Errors()+api.Warnings())
	}
	for _, k := range []string{"instances", "commands", "error_commands", "task_instances"} {
		if _, ok := doc.Checked[k]; !ok {
			t.Errorf("json checked lacks %q", k)
		}
	}
	for _, f := range doc.Findings {
		if f.Rule == "" || f.Table == "" || f.ID == 0 || f.Message == "" || f.Fix == "" || (f.Severity != "error" && f.Severity != "warning") {
			t.Errorf("incomplete finding %+v", f)
			break
		}
	}
	b, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Suites []struct {
			Tests, Failures int
			Cases           []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &suites); err != nil || len(suites.Suites) != 1 || len(suites.Suites[0].Cases) != 9 {
		t.Fatalf("junit: %v, %+v", err, suites)
	}
	failed := 0
	for _, c := range suites.Suites[0].Cases {
		if c.Failure != nil {
			failed++
		}
	}
	if want := rulesWithErrors(api); failed != want {
		t.Errorf("junit: %d failing rules, want %d", failed, want)
	}
	annotations := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(line, "::error ") || strings.HasPrefix(line, "::warning ") {
			annotations++
		}
	}
	if annotations == 0 || annotations > 51 {
		t.Errorf("%d GitHub annotations, want 1..51:\n%s", annotations, stderr.String())
	}
}

func rulesWithErrors(r *Report) int {
	n := 0
	for _, s := range r.Rules {
		if s.Errors > 0 {
			n++
		}
	}
	return n
}

func idsWith(fs []Finding, rule, table, phrase string) []int64 {
	m := map[int64]bool{}
	for _, f := range fs {
		if f.Rule == rule && f.Table == table && strings.Contains(f.Message, phrase) {
			m[f.ID] = true
		}
	}
	return sortedIDs(m)
}

func sortedIDs(m map[int64]bool) []int64 {
	out := []int64{}
	for id := range m {
		out = append(out, id)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func seq(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}
