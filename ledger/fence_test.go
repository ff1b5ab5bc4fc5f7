package ledger_test

import (
	"context"
	"errors"
	"testing"

	"github.com/dsmigrate/dsmigrate/ledger"
)

// TestResumedRunTakesANewToken: a second Start of the same interrupted run
// fences the first owner's transactions and its Finish, inside the
// transaction; the new owner goes on.
func TestResumedRunTakesANewToken(t *testing.T) {
	ctx := context.Background()
	db := generated(t, 1, 0)
	if err := ledger.Migrate(ctx, db.SQL, nil); err != nil {
		t.Fatal(err)
	}
	first, err := ledger.Start(ctx, db.SQL, nil, "upgrade", "2.0", "test", struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := ledger.Start(ctx, db.SQL, nil, "upgrade", "2.0", "test", struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	if !second.Resumed || second.ID != first.ID {
		t.Fatalf("second start: run %d resumed %v, want run %d resumed", second.ID, second.Resumed, first.ID)
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Fence(ctx, tx); !errors.Is(err, ledger.ErrFenced) {
		t.Errorf("first owner's fence: %v, want ErrFenced", err)
	}
	tx.Rollback()
	if err := first.Finish(ctx, db.SQL, ledger.StateDone, nil); !errors.Is(err, ledger.ErrFenced) {
		t.Errorf("first owner's finish: %v, want ErrFenced", err)
	}
	tx, _ = db.SQL.BeginTx(ctx, nil)
	if err := second.Fence(ctx, tx); err != nil {
		t.Errorf("new owner's fence: %v", err)
	}
	tx.Commit()
	if err := second.Finish(ctx, db.SQL, ledger.StateDone, nil); err != nil {
		t.Errorf("new owner's finish: %v", err)
	}
}
