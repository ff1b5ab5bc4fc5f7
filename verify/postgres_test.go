package verify

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// TestCatalogueFindingsOnPostgres: verify on DS's real PostgreSQL schema,
// with the catalogue loaded, finds exactly what it finds on MariaDB — rule,
// severity, row, message and fix — on the 2.0 shape, after DS's scripts to
// 3.2.2 (3.0–3.2 shape) and after DS's scripts to 3.3.0 (both engines
// upgraded by DS's own scripts for that engine).
func TestCatalogueFindingsOnPostgres(t *testing.T) {
	ctx := context.Background()
	my := dbtest.New(t)
	my.LoadDS(t, "")
	pg := dbtest.NewPG(t)
	pg.LoadDSPG(t, "")
	for _, db := range []*dbtest.DB{my, pg} {
		if err := fixtures.LoadCatalogue(ctx, db.SQL); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct{ target, shape string }{{"", "2.0"}, {"3.2.2", "3.0-3.2"}, {"3.3.0", "3.3"}} {
		if step.target != "" {
			my.UpgradeDS(t, step.target)
			pg.UpgradeDSPG(t, step.target)
		}
		a, fa := verifyAll(t, my, Options{PageSize: 4})
		b, fb := verifyAll(t, pg, Options{PageSize: 4})
		if a.Shape != step.shape || b.Shape != step.shape {
			t.Fatalf("after %q: shapes %s / %s, want %s", step.target, a.Shape, b.Shape, step.shape)
		}
		if ka, kb := findingTexts(fa), findingTexts(fb); !reflect.DeepEqual(ka, kb) {
			t.Errorf("after %q: findings differ\nMariaDB    %d %v\nPostgreSQL %d %v", step.target, len(ka), ka, len(kb), kb)
		}
		if a.Checked != b.Checked || a.Replayable != b.Replayable {
			t.Errorf("after %q: checked %+v / %+v, replayable %v / %v", step.target, a.Checked, b.Checked, a.Replayable, b.Replayable)
		}
		if len(fa) == 0 {
			t.Errorf("after %q: no findings on the catalogue; the comparison proves nothing", step.target)
		}
		t.Logf("after %q: %d findings on both engines", step.target, len(fa))
	}
}

func findingTexts(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Rule + " " + f.Severity + " " + f.Ref() + ": " + f.Message + " [" + f.Fix + "]"
	}
	sort.Strings(out)
	return out
}
