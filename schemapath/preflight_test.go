package schemapath_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/schemapath"
)

// TestPreflightRefusesSubset: the fixture's 16-table subset lacks QRTZ_* and
// the other tables DS's steps alter; the preflight names them, and changes nothing.
func TestPreflightRefusesSubset(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	if err := fixtures.Exec(ctx, db.SQL, fixtures.SchemaLegacy); err != nil {
		t.Fatal(err)
	}
	before := dbtest.Checksums(t, db)
	pending, err := schemapath.Pending(ctx, db.SQL)
	if err != nil {
		t.Fatal(err)
	}
	err = schemapath.Preflight(ctx, db.SQL, pending)
	var me *schemapath.MissingError
	if !errors.As(err, &me) || !errors.Is(err, schemapath.ErrMissing) {
		t.Fatalf("preflight on the subset: %v, want a MissingError", err)
	}
	for _, want := range []string{"table t_ds_alert ", "table QRTZ_JOB_DETAILS ", "table t_ds_datasource "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal does not name %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "table t_ds_process_instance ") || strings.Contains(err.Error(), "table t_ds_fav ") {
		t.Errorf("refusal names a table that exists or that a step creates:\n%v", err)
	}
	after := dbtest.Checksums(t, db)
	if len(after) != len(before) {
		t.Errorf("preflight changed the tables: %d before, %d after", len(before), len(after))
	}
	for table, sum := range before {
		if after[table] != sum {
			t.Errorf("preflight changed %s", table)
		}
	}
}

// TestPreflightNamesMissingColumn: a column a MODIFY step needs is gone.
func TestPreflightNamesMissingColumn(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	for _, f := range []string{fixtures.SchemaLegacy, fixtures.SchemaRest} {
		if err := fixtures.Exec(ctx, db.SQL, f); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := schemapath.Pending(ctx, db.SQL)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemapath.Preflight(ctx, db.SQL, pending); err != nil {
		t.Fatalf("full 2.0.9 fixture schema refused: %v", err)
	}
	db.Exec(t, "ALTER TABLE t_ds_process_instance DROP COLUMN executor_id")
	err = schemapath.Preflight(ctx, db.SQL, pending)
	if err == nil || !strings.Contains(err.Error(), "column t_ds_process_instance.executor_id") {
		t.Fatalf("want the missing column named, got %v", err)
	}
}

// TestPreflightPassesAtEveryPointOfThePath: on DS's real 2.0.9 DDL the
// preflight of what is still pending passes before every step of a run (what
// a resumed run after a crash sees), so it never blocks a real database.
func TestPreflightPassesAtEveryPointOfThePath(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	checked := 0
	err := schemapath.Apply(ctx, db.SQL, schemapath.Options{BeforeStep: func(s schemapath.Step) error {
		if s.Version%9 != 1 && s.Kind != "data" {
			return nil
		}
		pending, err := schemapath.Pending(ctx, db.SQL)
		if err != nil {
			return err
		}
		if len(pending) == 0 || pending[0].Version != s.Version {
			t.Errorf("before step %d: pending starts at %v", s.Version, pending[:min(1, len(pending))])
		}
		checked++
		return schemapath.Preflight(ctx, db.SQL, pending)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 30 {
		t.Errorf("checked at %d points only", checked)
	}
}
