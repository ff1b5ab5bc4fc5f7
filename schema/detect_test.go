package schema_test

import (
	"context"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/schema"
)

func detect(t *testing.T, db *dbtest.DB) *schema.Schema {
	t.Helper()
	s, err := schema.Detect(context.Background(), db.SQL)
	if err != nil {
		t.Fatalf("Detect: %v", err)
	}
	return s
}

// TestDetectAlongDSUpgradePath loads DS's real 2.0.9 DDL and walks it through
// DS's own upgrade scripts, detecting the shape at each stop.
func TestDetectAlongDSUpgradePath(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	steps := []struct {
		target string
		want   schema.Shape
		table  string
	}{
		{"", schema.Shape20, "t_ds_process_instance"},
		{"3.0.0", schema.Shape30To32, "t_ds_process_instance"},
		{"3.2.2", schema.Shape30To32, "t_ds_process_instance"},
		{"3.3.0", schema.Shape33, "t_ds_workflow_instance"},
	}
	for _, step := range steps {
		if step.target != "" {
			db.UpgradeDS(t, step.target)
		}
		s := detect(t, db)
		if s.Shape != step.want {
			t.Fatalf("after DS scripts to %q: shape %s, want %s (reasons %q)", step.target, s.Shape, step.want, s.Reasons)
		}
		if got := s.Table(schema.Instance); got != step.table {
			t.Errorf("after %q: instance table %q, want %q", step.target, got, step.table)
		}
		for _, l := range []schema.Logical{schema.Command, schema.ErrorCommand, schema.TaskInstance, schema.DefinitionLog, schema.Schedule} {
			if s.Table(l) == "" {
				t.Errorf("after %q: logical table %s not mapped", step.target, l)
			}
		}
		if _, err := s.MustColumn(schema.Command, schema.InstanceID); err != nil {
			t.Errorf("after %q: %v", step.target, err)
		}
		if got := s.AutoUpdated(schema.Instance); len(got) != 1 || got[0] != "update_time" {
			t.Errorf("after %q: auto-updated instance columns %v, want [update_time]", step.target, got)
		}
		t.Logf("DS scripts to %q → shape %s, version row %q", step.target, s.Shape, s.VersionRow)
	}
	// The 3.3 shape's renamed columns resolve to the new names.
	s := detect(t, db)
	if got := s.Column(schema.Command, schema.InstanceID); got != "workflow_instance_id" {
		t.Errorf("3.3 command instance column = %q", got)
	}
	if s.VersionRow != "3.3.0" {
		t.Errorf("version row %q, want 3.3.0", s.VersionRow)
	}
}

// TestDetectHalfRenamed simulates a 3.3.0 rename procedure that died midway.
func TestDetectHalfRenamed(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	db.Exec(t, "RENAME TABLE t_ds_process_instance TO t_ds_workflow_instance")
	db.Exec(t, "ALTER TABLE t_ds_workflow_instance CHANGE process_definition_code workflow_definition_code bigint(20) NOT NULL")
	s := detect(t, db)
	if s.Shape != schema.ShapeMixed {
		t.Fatalf("shape %s, want mixed", s.Shape)
	}
	if s.Shape.Writable() {
		t.Error("mixed shape must not be writable")
	}
	t.Logf("reasons: %q", s.Reasons)
}

func TestDetectEmptyDatabase(t *testing.T) {
	db := dbtest.New(t)
	s := detect(t, db)
	if s.Shape != schema.ShapeUnknown {
		t.Fatalf("shape %s, want unknown", s.Shape)
	}
}

// TestDetectIgnoresVersionRow: a 2.0 schema whose version row claims 3.3.0
// is still 2.0.
func TestDetectIgnoresVersionRow(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	db.Exec(t, "UPDATE t_ds_version SET version = '3.3.0'")
	s := detect(t, db)
	if s.Shape != schema.Shape20 || s.VersionRow != "3.3.0" {
		t.Fatalf("shape %s version %q, want 2.0 with version row 3.3.0", s.Shape, s.VersionRow)
	}
}
