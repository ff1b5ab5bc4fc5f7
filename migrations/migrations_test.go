package migrations_test

import (
	"context"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/migrations"
)

func TestUpCreatesLedgerAndIsIdempotent(t *testing.T) {
	db := dbtest.New(t)
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
	if err != nil || st.Dirty || st.Pending() || st.Version != st.Latest || st.Latest < 4 {
		t.Fatalf("after Up: %+v, %v", st, err)
	}
	for _, table := range []string{"dsmigrate_run", "dsmigrate_checkpoint", "dsmigrate_backup", "dsmigrate_refused"} {
		var n int
		db.SQL.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", table).Scan(&n)
		if n != 1 {
			t.Errorf("table %s not created", table)
		}
	}
}

// TestUpRepairsDirtyState simulates a crash after a DDL but before the version
// bump: dirty=1 at version 3 with the table already there.
func TestUpRepairsDirtyState(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	if err := migrations.Up(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	db.Exec(t, "UPDATE "+migrations.Table+" SET version = 3, dirty = 1")
	st, err := migrations.Status(ctx, db.SQL)
	if err != nil || !st.Dirty || st.WayOut() == "" {
		t.Fatalf("dirty state not reported: %+v %v", st, err)
	}
	if err := migrations.Up(ctx, db.SQL); err != nil {
		t.Fatalf("Up on dirty state: %v", err)
	}
	st, _ = migrations.Status(ctx, db.SQL)
	if st.Dirty || st.Pending() {
		t.Fatalf("after repair: %+v", st)
	}
}
