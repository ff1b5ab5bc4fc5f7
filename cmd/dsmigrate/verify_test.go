package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// TestVerifyAfterDSScriptsOnly: a catalogue upgraded by DS's own scripts
// alone is not replayable (#16878): exit 1, JSON contract, JUnit file.
func TestVerifyAfterDSScriptsOnly(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	db.UpgradeDS(t, "3.3.0")
	junit := filepath.Join(t.TempDir(), "verify.xml")
	code, out, errOut := dsm(t, "verify", "--dsn", db.URL(), "--output", "json", "--junit", junit)
	if code != exitFindings {
		t.Fatalf("exit %d (%s), want 1", code, errOut)
	}
	var rep struct {
		Replayable bool             `json:"replayable"`
		Checked    map[string]int64 `json:"checked"`
		Findings   []struct {
			Rule, Severity, Table, Message, Fix string
			ID                                  int64
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not one JSON document: %v", err)
	}
	rules := map[string]int{}
	for _, f := range rep.Findings {
		rules[f.Rule]++
	}
	if rep.Replayable || rep.Checked["instances"] != 40 || rules["V01"] == 0 || rules["V03"] == 0 || rules["V05"] == 0 || rules["V08"] == 0 {
		t.Errorf("replayable %v, checked %v, findings by rule %v", rep.Replayable, rep.Checked, rules)
	}
	xml, err := os.ReadFile(junit)
	if err != nil || !strings.Contains(string(xml), "<testsuite") || !strings.Contains(string(xml), "V01") {
		t.Errorf("JUnit report: %v\n%.300s", err, xml)
	}
}

// TestUpgradeRunsVerify: upgrade's JSON carries the verify report; on the
// catalogue (rows refused on purpose) the verdict is not replayable, exit 1;
// after DS's scripts and a second upgrade only the refused rows remain.
func TestUpgradeRunsVerify(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := dsm(t, "upgrade", "--dsn", db.URL(), "--to", "3.3.0", "--output", "json", "--progress=false")
	if code != exitFindings {
		t.Fatalf("exit %d (%s), want 1", code, errOut)
	}
	var sum struct {
		Refused []struct{ Table string } `json:"refused"`
		Verify  *struct {
			Replayable bool `json:"replayable"`
			Findings   []struct {
				Rule  string `json:"rule"`
				Table string `json:"table"`
				ID    int64  `json:"id"`
			} `json:"findings"`
		} `json:"verify"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("not one JSON document: %v", err)
	}
	if sum.Verify == nil || sum.Verify.Replayable || len(sum.Verify.Findings) == 0 || len(sum.Refused) == 0 {
		t.Fatalf("upgrade JSON lacks the verify verdict: %.400s", out)
	}
	code, out, _ = dsm(t, "upgrade", "--dsn", db.URL(), "--no-verify", "--output", "json", "--progress=false")
	if strings.Contains(out, `"verify"`) {
		t.Errorf("--no-verify still verified (exit %d)", code)
	}
}
