package schemapath_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/migrations"
	"github.com/dsmigrate/dsmigrate/schemapath"
)

// TestFrom3x: on databases DS itself upgraded to 3.0.0 … 3.3.0, the path
// applies only the later DS versions' steps (3.3: only its dml and the stamp)
// and ends with the schema DS's own path gives.
func TestFrom3x(t *testing.T) {
	ctx := context.Background()
	want := dbtest.New(t)
	want.LoadDS(t, "3.3.0")
	sWant := schemaOf(t, want.SQL)
	for _, from := range []string{"3.0.0", "3.1.0", "3.1.1", "3.2.0", "3.2.1", "3.2.2", "3.3.0"} {
		t.Run(from, func(t *testing.T) {
			db := dbtest.New(t)
			db.LoadDS(t, from)
			pending, err := schemapath.Pending(ctx, db.SQL)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range pending {
				if s.DSVersion <= from && !(from == "3.3.0" && (s.Kind == "dml" || s.Kind == "stamp")) {
					t.Fatalf("from %s: step of DS %s pending: %s", from, s.DSVersion, s)
				}
			}
			if from == "3.3.0" && len(pending) != 7 {
				t.Errorf("from 3.3.0: %d pending steps, want the 6 dml updates and the stamp: %v", len(pending), pending)
			}
			if err := schemapath.Apply(ctx, db.SQL, schemapath.Options{}); err != nil {
				t.Fatal(err)
			}
			if d := diffSchemas(sWant, schemaOf(t, db.SQL)); len(d) > 0 {
				t.Errorf("from %s: schema differs from DS's 3.3.0:\n%s", from, strings.Join(d, "\n"))
			}
		})
	}
}

// TestChecksumRefusal: a recorded checksum that differs from the embedded
// file makes Status (dsmigrate status), upgrade and the schema path refuse.
func TestChecksumRefusal(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := schemapath.Apply(ctx, db.SQL, schemapath.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Status(ctx, db.SQL); err != nil {
		t.Fatalf("status before tampering: %v", err)
	}
	var n int
	db.SQL.QueryRow("SELECT COUNT(*) FROM " + migrations.ChecksumTable + " WHERE set_name = 'schema' AND applied = 1").Scan(&n)
	if n != 328 {
		t.Errorf("%d schema-path checksums recorded, want 328", n)
	}
	db.Exec(t, "UPDATE "+migrations.ChecksumTable+" SET sha256 = REPEAT('0', 64) WHERE set_name = 'schema' AND version = 42")
	_, err := migrations.Status(ctx, db.SQL)
	if !errors.Is(err, migrations.ErrChecksum) || !strings.Contains(err.Error(), "000042_") {
		t.Fatalf("status after tampering: %v", err)
	}
	t.Logf("refusal: %v", err)
	if err := schemapath.Apply(ctx, db.SQL, schemapath.Options{}); !errors.Is(err, migrations.ErrChecksum) {
		t.Errorf("schema path after tampering: %v", err)
	}
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{To: schemapath.Target, IgnoreHeartbeats: true}); !errors.Is(err, migrations.ErrChecksum) {
		t.Errorf("upgrade --to after tampering: %v", err)
	}
	// The ledger set is checked the same way.
	db.Exec(t, "UPDATE "+migrations.ChecksumTable+" SET sha256 = REPEAT('1', 64) WHERE set_name = 'ledger' AND version = 1")
	if err := migrations.Up(ctx, db.SQL); !errors.Is(err, migrations.ErrChecksum) {
		t.Errorf("ledger Up after tampering: %v", err)
	}
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{IgnoreHeartbeats: true}); !errors.Is(err, migrations.ErrChecksum) {
		t.Errorf("upgrade after tampering with the ledger: %v", err)
	}
}

// TestResumeMidRename: a path stopped between 3.3.0's table renames leaves a
// mixed shape that `upgrade` refuses, but `upgrade --to 3.3.0` resumes it.
func TestResumeMidRename(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	stop := errors.New("stop")
	err := schemapath.Apply(ctx, db.SQL, schemapath.Options{BeforeStep: func(s schemapath.Step) error {
		if strings.Contains(s.Name, "rename-t-ds-process-instance") {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, stop) {
		t.Fatalf("Apply: %v", err)
	}
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{IgnoreHeartbeats: true}); !errors.Is(err, backfill.ErrShape) {
		t.Fatalf("upgrade without --to on a half-renamed schema: %v", err)
	}
	plan, err := backfill.Run(ctx, db.SQL, backfill.Options{To: schemapath.Target, DryRun: true})
	if err != nil || len(plan.SchemaSteps) == 0 {
		t.Fatalf("plan --to: %v, %d steps", err, len(plan.SchemaSteps))
	}
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{To: schemapath.Target, IgnoreHeartbeats: true}); err != nil {
		t.Fatalf("upgrade --to: %v", err)
	}
	if on, _ := schemapath.InProgress(ctx, db.SQL); on {
		t.Error("path still in progress")
	}
}
