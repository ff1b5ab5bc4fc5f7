package runlock_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
)

func TestSecondAcquireFailsFastNamingTheHolder(t *testing.T) {
	db := dbtest.New(t)
	secondAcquireFails(t, db.SQL, db.Name, "connection ", db.Config.User)
}

func TestSecondAcquireFailsFastOnPostgres(t *testing.T) {
	db := dbtest.NewPG(t)
	secondAcquireFails(t, db.SQL, db.Name, "backend pid ", db.PG.User())
}

// TestLongDatabaseNameLocks: MySQL refuses lock names over 64 characters;
// a 60-character database name still locks, and two long names that share
// their first 54 characters get different locks.
func TestLongDatabaseNameLocks(t *testing.T) {
	db := dbtest.New(t)
	long := strings.Repeat("d", 55) + "_one"
	if len(long) < 59 {
		t.Fatal("test name too short")
	}
	db.Exec(t, "CREATE DATABASE `"+long+"`")
	t.Cleanup(func() { db.SQL.Exec("DROP DATABASE `" + long + "`") })
	if n := runlock.Name(long); len(n) > 64 {
		t.Fatalf("Name(%d chars) = %d chars, over MySQL's 64", len(long), len(n))
	}
	other := strings.Repeat("d", 55) + "_two"
	if runlock.Name(long) == runlock.Name(other) {
		t.Fatalf("two long names share the lock %q", runlock.Name(long))
	}
	if runlock.Name("dolphinscheduler") != "dsmigrate:dolphinscheduler" {
		t.Errorf("short names changed: %q", runlock.Name("dolphinscheduler"))
	}
	secondAcquireFails(t, db.SQL, long, "connection ", db.Config.User)
	lock, err := runlock.Acquire(context.Background(), db.SQL, long)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if _, err := runlock.Acquire(context.Background(), db.SQL, other); err != nil {
		t.Errorf("a different long name is blocked: %v", err)
	}
}

func secondAcquireFails(t *testing.T, db *sql.DB, database, holderWord, user string) {
	t.Helper()
	ctx := context.Background()
	if free, err := runlock.Free(ctx, db, database); err != nil || !free {
		t.Fatalf("Free before Acquire = %v, %v", free, err)
	}
	first, err := runlock.Acquire(ctx, db, database)
	if err != nil {
		t.Fatalf("first Acquire: %v", err)
	}
	if err := first.Alive(ctx); err != nil {
		t.Fatalf("Alive: %v", err)
	}
	if free, err := runlock.Free(ctx, db, database); err != nil || free {
		t.Fatalf("Free while held = %v, %v", free, err)
	}
	_, err = runlock.Acquire(ctx, db, database)
	var held *runlock.HeldError
	if !errors.As(err, &held) {
		t.Fatalf("second Acquire: %v, want HeldError", err)
	}
	if !strings.Contains(held.Error(), holderWord) || !strings.Contains(held.Error(), user) {
		t.Errorf("holder not named: %v", held)
	}
	if err := first.Release(); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if err := first.Alive(ctx); err == nil {
		t.Errorf("Alive after Release = nil")
	}
	again, err := runlock.Acquire(ctx, db, database)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	again.Release()
}
