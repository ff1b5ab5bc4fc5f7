package verify

import (
	"context"
	"reflect"
	"testing"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// TestLegacyShape: on the 2.0 shape verify answers "replayable once DS's
// scripts have run". Before and after dsmigrate upgrade, test_flag (which
// DS's 3.2.0 script adds as NULL) makes every instance a V03 and every task
// instance a V08 finding whose fix is to run DS's scripts, then upgrade
// again; after upgrade everything else is the catalogue's known residue
// (TestUpgradedCatalogue). verify writes nothing.
func TestLegacyShape(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if err := fixtures.LoadLegacy(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	before := dbtest.Checksums(t, db)
	rep, all := verifyAll(t, db, Options{PageSize: 4})
	if rep.Shape != "2.0" || rep.Replayable {
		t.Fatalf("shape %s, replayable %v", rep.Shape, rep.Replayable)
	}
	if got := dbtest.Checksums(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("verify changed tables")
	}
	afterDS := func(all []Finding) (instances, tasks int) {
		for _, f := range all {
			if f.Fix == FixAfterDS {
				switch {
				case f.Rule == V03 && f.Table == "instance":
					instances++
				case f.Rule == V08 && f.Table == "task_instance":
					tasks++
				default:
					t.Errorf("unexpected %s %s", f.Rule, f.Ref())
				}
			}
		}
		return instances, tasks
	}
	if i, n := afterDS(all); i != 40 || n != 31 {
		t.Errorf("missing test_flag: %d instances, %d task instances; want 40, 31", i, n)
	}

	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{Orphans: backfill.OrphansFinalize}); err != nil {
		t.Fatal(err)
	}
	rep, all = verifyAll(t, db, Options{})
	if i, n := afterDS(all); int64(i) != rep.Checked.Instances || n != 31 {
		t.Errorf("after upgrade, missing test_flag: %d instances of %d, %d task instances", i, rep.Checked.Instances, n)
	}
	var rest []Finding
	for _, f := range all {
		if f.Fix != FixAfterDS {
			rest = append(rest, f)
		}
	}
	want := []string{
		"V01 error instance:28", "V01 error instance:29", "V01 error instance:30",
		"V01 error instance:32", "V01 error instance:33", "V02 error instance:37",
		"V05 error command:20", "V05 error command:24", "V05 error command:27", "V05 error command:29",
		"V09 error error_command:111", "V09 error error_command:112", "V09 error error_command:113",
	}
	if got := distinct(keys(rest, "")); !reflect.DeepEqual(got, want) {
		logFindings(t, rest)
		t.Errorf("after upgrade on the 2.0 shape\n got %v\nwant %v", got, want)
	}
}
