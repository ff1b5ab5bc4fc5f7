package migrations_test

import (
	"context"
	"errors"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/migrations"
)

// TestUpOnPostgreSQL applies the PostgreSQL ledger files with golang-migrate's
// pgx/v5 driver into the same version table as on MySQL, twice, repairs a
// dirty state, and refuses a file whose recorded checksum differs.
func TestUpOnPostgreSQL(t *testing.T) {
	db := dbtest.NewPG(t)
	ctx := context.Background()
	st, err := migrations.Status(ctx, db.SQL)
	if err != nil || st.Version != 0 || !st.Pending() {
		t.Fatalf("fresh database: %+v, %v", st, err)
	}
	for i := 0; i < 2; i++ {
		if err := migrations.Up(ctx, db.SQL); err != nil {
			t.Fatalf("Up #%d: %v", i+1, err)
		}
	}
	st, err = migrations.Status(ctx, db.SQL)
	if err != nil || st.Dirty || st.Pending() || st.Version != st.Latest || st.Latest != 7 {
		t.Fatalf("after Up: %+v, %v", st, err)
	}
	for _, table := range []string{"dsmigrate_run", "dsmigrate_checkpoint", "dsmigrate_backup", "dsmigrate_refused",
		"dsmigrate_run_owner", "dsmigrate_backup_count", "dsmigrate_written", migrations.Table, migrations.ChecksumTable} {
		var n int
		if err := db.SQL.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s not created (%d, %v)", table, n, err)
		}
	}
	var recorded int
	db.SQL.QueryRow("SELECT COUNT(*) FROM " + migrations.ChecksumTable + " WHERE set_name = 'ledger' AND applied = 1").Scan(&recorded)
	if recorded != 7 {
		t.Errorf("checksums recorded: %d, want 7", recorded)
	}

	db.Exec(t, "UPDATE "+migrations.Table+" SET version = 7, dirty = true")
	if st, err := migrations.Status(ctx, db.SQL); err != nil || !st.Dirty {
		t.Fatalf("dirty state not reported: %+v %v", st, err)
	}
	if err := migrations.Up(ctx, db.SQL); err != nil {
		t.Fatalf("Up on dirty state: %v", err)
	}
	if st, _ := migrations.Status(ctx, db.SQL); st.Dirty || st.Pending() {
		t.Fatalf("after repair: %+v", st)
	}

	db.Exec(t, "UPDATE "+migrations.ChecksumTable+" SET sha256 = repeat('0', 64) WHERE set_name = 'ledger' AND version = 2")
	if err := migrations.Up(ctx, db.SQL); !errors.Is(err, migrations.ErrChecksum) {
		t.Fatalf("Up with a changed checksum: %v, want ErrChecksum", err)
	}
}
