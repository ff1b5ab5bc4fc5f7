package inspect_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/inspect"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/schema"
)

// asFixture converts a report into the fixtures' form of the inventory, so it
// can be compared with catalogue.expected.json as a whole.
func asFixture(t *testing.T, r *inspect.Report) fixtures.Inventory {
	t.Helper()
	risks := map[string]int64{}
	for _, k := range r.Risks {
		risks[k.ID] = k.Count
	}
	raw, err := json.Marshal(struct {
		inspect.Inventory
		Risks map[string]int64 `json:"risks"`
	}{r.Inventory, risks})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := fixtures.ParseInventory(raw)
	if err != nil {
		t.Fatalf("inventory does not parse as the fixtures' contract: %v", err)
	}
	return inv
}

func run(t *testing.T, db *dbtest.DB, pageSize int) *inspect.Report {
	t.Helper()
	r, err := inspect.Run(context.Background(), db.SQL, inspect.Options{PageSize: pageSize})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return r
}

func expected(t *testing.T) fixtures.Inventory {
	t.Helper()
	want, err := fixtures.Expected()
	if err != nil {
		t.Fatal(err)
	}
	return want
}

func diff(t *testing.T, label string, got, want fixtures.Inventory) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	t.Errorf("%s: inventory differs from catalogue.expected.json\ngot:  %s\nwant: %s", label, g, w)
}

// TestInspectCatalogue: inspect on the catalogue fixture returns exactly the
// counts the fixture defines, with any page size.
func TestInspectCatalogue(t *testing.T) {
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	want := expected(t)
	for _, size := range []int{0, 1, 7} {
		r := run(t, db, size)
		if r.Shape != schema.Shape20 {
			t.Fatalf("shape %s, want 2.0", r.Shape)
		}
		diff(t, fmt.Sprintf("page size %d", size), asFixture(t, r), want)
	}
}

// TestInspectCatalogueOnRealDDL loads the catalogue onto DS's real 2.0.9 DDL:
// same counts as on our schema subset.
func TestInspectCatalogueOnRealDDL(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	diff(t, "real 2.0.9 DDL", asFixture(t, run(t, db, 0)), expected(t))
}

// TestInspectLyingVersionRow: the version row claims 3.3.0 on a 2.0 schema.
func TestInspectLyingVersionRow(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if err := fixtures.LoadLegacy(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	if err := fixtures.Exec(ctx, db.SQL, "mysql/overlay-lying-version.sql"); err != nil {
		t.Fatal(err)
	}
	r := run(t, db, 0)
	if r.Shape != schema.Shape20 || r.VersionRow != "3.3.0" {
		t.Fatalf("shape %s version row %q, want 2.0 / 3.3.0", r.Shape, r.VersionRow)
	}
	want := expected(t)
	want.Risks[fixtures.RiskVersionRowMismatch] = 1
	diff(t, "lying version row", asFixture(t, r), want)
}

// TestInspectIsReadOnly compares every table's checksum before and after.
func TestInspectIsReadOnly(t *testing.T) {
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	before := dbtest.Checksums(t, db)
	run(t, db, 3)
	if after := dbtest.Checksums(t, db); !reflect.DeepEqual(before, after) {
		t.Errorf("inspect changed the database:\nbefore %v\nafter  %v", before, after)
	}
}

// TestInspectAfterDSUpgrade: the catalogue taken through DS's own scripts to
// 3.3.0 keeps its counts, and every legacy row is still untyped (DS never
// converts command_param: reference §1.3).
func TestInspectAfterDSUpgrade(t *testing.T) {
	db := dbtest.New(t)
	db.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	db.UpgradeDS(t, "3.3.0")
	r := run(t, db, 0)
	if r.Shape != schema.Shape33 || r.Tables["instance"] != "t_ds_workflow_instance" {
		t.Fatalf("shape %s tables %v", r.Shape, r.Tables)
	}
	want := expected(t)
	got := asFixture(t, r)
	// DS's scripts add test_flag as NULL everywhere and change nothing else we count.
	diff(t, "after DS scripts to 3.3.0", got, want)
}
