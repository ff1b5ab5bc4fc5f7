package verify

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// dsUpgradedCatalogue: DS's real 2.0.9 DDL, the catalogue fixture, then DS's
// own upgrade scripts to 3.3.0 (no dsmigrate): the #16878 reporter's path.
func dsUpgradedCatalogue(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	db.UpgradeDS(t, "3.3.0")
	return db
}

// upgradedCatalogue is dsUpgradedCatalogue followed by
// `dsmigrate upgrade --orphans=finalize`.
func upgradedCatalogue(t *testing.T) (*dbtest.DB, *backfill.Summary) {
	t.Helper()
	db := dsUpgradedCatalogue(t)
	sum, err := backfill.Run(context.Background(), db.SQL, backfill.Options{Orphans: backfill.OrphansFinalize})
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	return db, sum
}

// verifyAll runs verify and returns its report and every finding.
func verifyAll(t *testing.T, db *dbtest.DB, opts Options) (*Report, []Finding) {
	t.Helper()
	var all []Finding
	opts.OnFinding = func(f Finding) error { all = append(all, f); return nil }
	rep, err := Run(context.Background(), db.SQL, opts)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return rep, all
}

// applySQL runs a testdata SQL file statement by statement.
func applySQL(t *testing.T, db *dbtest.DB, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range fixtures.Split(string(b)) {
		if _, err := db.SQL.Exec(st.SQL); err != nil {
			t.Fatalf("%s:%d: %v", name, st.Line, err)
		}
	}
}

// keys lists findings as "RULE severity table:id", sorted.
func keys(fs []Finding, severity string) []string {
	var out []string
	for _, f := range fs {
		if severity == "" || f.Severity == severity {
			out = append(out, f.Rule+" "+f.Severity+" "+f.Ref())
		}
	}
	sort.Strings(out)
	return out
}

// idsOf lists the refs of one rule's findings, sorted.
func idsOf(fs []Finding, rule, table string) map[int64]bool {
	out := map[int64]bool{}
	for _, f := range fs {
		if f.Rule == rule && (table == "" || f.Table == table) {
			out[f.ID] = true
		}
	}
	return out
}

func logFindings(t *testing.T, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		t.Logf("%s %s %s: %s [%s]", f.Rule, f.Severity, f.Ref(), f.Message, f.Fix)
	}
}
