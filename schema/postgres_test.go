package schema_test

import (
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/schema"
)

// TestDetectAlongDSPostgresUpgradePath: DS's real 2.0.9 PostgreSQL DDL walked
// through DS's own PostgreSQL scripts; the shape comes from information_schema
// of the current schema, lower-case names (qrtz_* too), no ON UPDATE columns.
func TestDetectAlongDSPostgresUpgradePath(t *testing.T) {
	db := dbtest.NewPG(t)
	db.LoadDSPG(t, "")
	for _, step := range []struct {
		target string
		want   schema.Shape
		table  string
	}{
		{"", schema.Shape20, "t_ds_process_instance"},
		{"3.1.1", schema.Shape30To32, "t_ds_process_instance"},
		{"3.3.0", schema.Shape33, "t_ds_workflow_instance"},
	} {
		if step.target != "" {
			db.UpgradeDSPG(t, step.target)
		}
		s := detect(t, db)
		if s.Shape != step.want || s.Table(schema.Instance) != step.table {
			t.Fatalf("after DS scripts to %q: shape %s (%q), instance table %q; want %s, %q",
				step.target, s.Shape, s.Reasons, s.Table(schema.Instance), step.want, step.table)
		}
		if s.Database != db.Name || s.Dialect == nil || s.Dialect.Name() != "postgres" {
			t.Errorf("database %q dialect %v", s.Database, s.Dialect)
		}
		if !s.HasTable("qrtz_job_details") {
			t.Errorf("after %q: lower-case qrtz_job_details not seen", step.target)
		}
		if got := s.AutoUpdated(schema.Instance); len(got) != 0 {
			t.Errorf("after %q: auto-updated columns %v on PostgreSQL", step.target, got)
		}
		if s.MaxBytes(schema.Command, "command_param") == 0 {
			t.Errorf("after %q: no capacity for command_param", step.target)
		}
	}
	s := detect(t, db)
	if got := s.Column(schema.Command, schema.InstanceID); got != "workflow_instance_id" || s.VersionRow != "3.3.0" {
		t.Errorf("3.3: command instance column %q, version row %q", got, s.VersionRow)
	}
}
