package runlock_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
)

func TestSecondAcquireFailsFastNamingTheHolder(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	first, err := runlock.Acquire(ctx, db.SQL, db.Name)
	if err != nil {
		t.Fatalf("first Acquire: %v", err)
	}
	if err := first.Alive(ctx); err != nil {
		t.Fatalf("Alive: %v", err)
	}
	_, err = runlock.Acquire(ctx, db.SQL, db.Name)
	var held *runlock.HeldError
	if !errors.As(err, &held) {
		t.Fatalf("second Acquire: %v, want HeldError", err)
	}
	if !strings.Contains(held.Error(), "connection ") || !strings.Contains(held.Error(), db.Config.User) {
		t.Errorf("holder not named: %v", held)
	}
	if err := first.Release(); err != nil {
		t.Fatalf("Release: %v", err)
	}
	again, err := runlock.Acquire(ctx, db.SQL, db.Name)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	again.Release()
}
