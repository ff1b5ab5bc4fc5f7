package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// loadFull creates DS 2.0.9's full table set from the fixtures, plus the catalogue.
func loadFull(t *testing.T, db *dbtest.DB) {
	t.Helper()
	ctx := context.Background()
	for _, f := range []string{fixtures.SchemaLegacy, fixtures.SchemaRest, fixtures.Catalogue} {
		if err := fixtures.Exec(ctx, db.SQL, f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUpgradeToRefusesMissingTableBeforeAnyDDL: a 2.0.9 database without
// QRTZ_JOB_DETAILS (which a 3.1.1 step updates): plan --to and upgrade --to
// both refuse, name the table, exit 1, and change nothing (not even the ledger).
func TestUpgradeToRefusesMissingTableBeforeAnyDDL(t *testing.T) {
	db := dbtest.New(t)
	loadFull(t, db)
	db.Exec(t, "DROP TABLE QRTZ_BLOB_TRIGGERS, QRTZ_CRON_TRIGGERS, QRTZ_SIMPLE_TRIGGERS, QRTZ_SIMPROP_TRIGGERS, QRTZ_TRIGGERS, QRTZ_JOB_DETAILS")
	before := dbtest.Checksums(t, db)
	for _, cmd := range []string{"plan", "upgrade"} {
		code, out, errOut := dsm(t, cmd, "--to", "3.3.0", "--dsn", db.DSN(), "--progress=false")
		if code != exitFindings {
			t.Errorf("%s --to: exit %d, want %d\n%s%s", cmd, code, exitFindings, out, errOut)
		}
		if !strings.Contains(errOut, "table QRTZ_JOB_DETAILS") || !strings.Contains(errOut, "nothing was changed") {
			t.Errorf("%s --to does not name the missing table:\n%s", cmd, errOut)
		}
	}
	after := dbtest.Checksums(t, db)
	if len(after) != len(before) {
		t.Errorf("tables changed: %d before, %d after", len(before), len(after))
	}
	for table, sum := range before {
		if after[table] != sum {
			t.Errorf("%s changed", table)
		}
	}
}

// TestUpgradeToOnFullFixtureSchema: the README's one-step path on the demo's
// schema (the fixture's full 2.0.9 table set + catalogue) reaches 3.3.0; the
// only reason for exit 1 is the catalogue's deliberately refused rows.
func TestUpgradeToOnFullFixtureSchema(t *testing.T) {
	db := dbtest.New(t)
	loadFull(t, db)
	code, out, errOut := dsm(t, "plan", "--to", "3.3.0", "--dsn", db.DSN(), "--progress=false")
	if code == exitUsage || !strings.Contains(out, "Schema path") {
		t.Fatalf("plan --to: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "steps to apply, DS 3.0.0 … 3.3.0") || strings.Contains(out, "000089") {
		t.Errorf("plan --to text should summarise the steps, not list them:\n%s", out)
	}
	if _, out, _ := dsm(t, "plan", "--to", "3.3.0", "--verbose", "--dsn", db.DSN(), "--progress=false"); !strings.Contains(out, "000089 3.1.1 dml") {
		t.Errorf("plan --to --verbose does not list every step:\n%s", out)
	}
	code, out, errOut = dsm(t, "upgrade", "--to", "3.3.0", "--dsn", db.DSN(), "--progress=false", "--no-verify", "--output", "json")
	if code != exitOK && code != exitFindings {
		t.Fatalf("upgrade --to: exit %d\n%s", code, errOut)
	}
	var sum struct {
		SchemaSteps []string `json:"schema_steps"`
		Refused     []any    `json:"refused"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(sum.SchemaSteps) < 300 {
		t.Errorf("JSON lists %d schema steps, want every step", len(sum.SchemaSteps))
	}
	if code == exitFindings && len(sum.Refused) == 0 {
		t.Errorf("exit 1 without refused rows:\n%s", errOut)
	}
	var v string
	if err := db.SQL.QueryRow("SELECT version FROM t_ds_version").Scan(&v); err != nil || v != "3.3.0" {
		t.Errorf("t_ds_version = %q, %v", v, err)
	}
	if code, out, _ := dsm(t, "upgrade", "--to", "3.3.0", "--dsn", db.DSN(), "--progress=false", "--no-verify"); code == exitUsage ||
		!strings.Contains(out, "nothing pending") {
		t.Errorf("second upgrade --to: exit %d\n%s", code, out)
	}
}
