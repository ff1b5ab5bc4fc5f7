package ledger_test

import (
	"context"
	"errors"
	"strings"
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

// TestNewLockHolderFencesOtherCommands: a process that takes the run lock
// fences the runs of every other command still marked running (a repair or
// watch --repair whose lock connection died), not just its own resumed run.
func TestNewLockHolderFencesOtherCommands(t *testing.T) {
	ctx := context.Background()
	db := generated(t, 1, 0)
	if err := ledger.Migrate(ctx, db.SQL, nil); err != nil {
		t.Fatal(err)
	}
	zombie, err := ledger.Start(ctx, db.SQL, nil, "repair", "3.3", "test", struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.Start(ctx, db.SQL, nil, "upgrade", "3.3", "test", struct{}{}); err != nil {
		t.Fatal(err)
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := zombie.Fence(ctx, tx); !errors.Is(err, ledger.ErrFenced) {
		t.Errorf("the repair run's fence after an upgrade took the lock: %v, want ErrFenced", err)
	}
}

// TestResumeKeepsServerTimezone: an interrupted run resumes only under the
// server time zone it computed complement dates in.
func TestResumeKeepsServerTimezone(t *testing.T) {
	ctx := context.Background()
	db := generated(t, 1, 0)
	if err := ledger.Migrate(ctx, db.SQL, nil); err != nil {
		t.Fatal(err)
	}
	type opts struct{ Orphans, ServerTimezone string }
	if _, err := ledger.Start(ctx, db.SQL, nil, "upgrade", "2.0", "test", opts{"refuse", "Europe/Berlin"}); err != nil {
		t.Fatal(err)
	}
	_, err := ledger.Start(ctx, db.SQL, nil, "upgrade", "2.0", "test", opts{"refuse", "UTC"})
	if err == nil || !strings.Contains(err.Error(), `--server-timezone "Europe/Berlin"`) {
		t.Errorf("resume under another zone: %v, want a refusal naming Europe/Berlin", err)
	}
	if _, err := ledger.Start(ctx, db.SQL, nil, "upgrade", "2.0", "test", opts{"refuse", "Europe/Berlin"}); err != nil {
		t.Errorf("resume under the same zone: %v", err)
	}
}
