package inspect_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/schema"
)

// TestInspectCatalogueOnPostgres: the catalogue on DS's real 2.0.9
// PostgreSQL DDL gives exactly catalogue.expected.json, like on MariaDB; after
// DS's own PostgreSQL scripts to 3.3.0 the report equals MariaDB's after
// DS's MySQL scripts (same inventory, risks and table map).
func TestInspectCatalogueOnPostgres(t *testing.T) {
	ctx := context.Background()
	pg := dbtest.NewPG(t)
	pg.LoadDSPG(t, "")
	if err := fixtures.LoadCatalogue(ctx, pg.SQL); err != nil {
		t.Fatal(err)
	}
	want := expected(t)
	for _, size := range []int{0, 7} {
		r := run(t, pg, size)
		if r.Shape != schema.Shape20 {
			t.Fatalf("shape %s, want 2.0", r.Shape)
		}
		diff(t, "PostgreSQL 2.0.9", asFixture(t, r), want)
	}

	my := dbtest.New(t)
	my.LoadDS(t, "")
	if err := fixtures.LoadCatalogue(ctx, my.SQL); err != nil {
		t.Fatal(err)
	}
	my.UpgradeDS(t, "3.3.0")
	pg.UpgradeDSPG(t, "3.3.0")
	a, b := run(t, my, 5), run(t, pg, 5)
	if b.Shape != schema.Shape33 || a.Shape != schema.Shape33 {
		t.Fatalf("shapes %s (MariaDB) and %s (PostgreSQL), want 3.3", a.Shape, b.Shape)
	}
	diff(t, "PostgreSQL 3.3 vs MariaDB 3.3", asFixture(t, b), asFixture(t, a))
	if !reflect.DeepEqual(a.Tables, b.Tables) || a.VersionRow != b.VersionRow {
		t.Errorf("table map or version row differ:\n%v %q\n%v %q", a.Tables, a.VersionRow, b.Tables, b.VersionRow)
	}
}
