package ledger_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/migrations"
)

// TestConcurrentFirstUpgrades starts four upgrades at once on a database
// dsmigrate never touched, 20 times: each must either write or exit as
// locked (never fail on a missing ledger table), exactly one run may write,
// and rollback must then give back the original tables byte for byte.
func TestConcurrentFirstUpgrades(t *testing.T) {
	const rounds, racers = 20, 4
	for round := 0; round < rounds; round++ {
		db := generated(t, int64(round), 300)
		original := dsChecksums(t, db)
		var wg sync.WaitGroup
		errs := make([]error, racers)
		start := make(chan struct{})
		for i := range racers {
			p := pool(t, db)
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = backfill.Run(context.Background(), p, backfill.Options{BatchSize: 50})
			}()
		}
		close(start)
		wg.Wait()
		wrote := 0
		for i, err := range errs {
			var held *runlock.HeldError
			switch {
			case err == nil:
				wrote++
			case errors.As(err, &held):
			default:
				t.Fatalf("round %d, upgrade %d: %v (want success or the lock held)", round, i, err)
			}
		}
		if wrote == 0 {
			t.Fatalf("round %d: no upgrade ran", round)
		}
		if n := queryInt(t, db.SQL, `SELECT COUNT(DISTINCT run_id) FROM dsmigrate_backup`); n != 1 {
			t.Fatalf("round %d: %d runs wrote backups, want exactly 1", round, n)
		}
		rollback(t, db, ledger.RollbackOptions{})
		sameTables(t, db, original, "rollback after concurrent first upgrades")
	}
}

// TestOlderBinaryRefusesNewerLedger: a ledger migrated further than this
// binary knows is refused with a clear error, nothing written.
func TestOlderBinaryRefusesNewerLedger(t *testing.T) {
	db := generated(t, 1, 0)
	upgrade(t, db, backfill.Options{})
	latest, err := migrations.Latest()
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, "UPDATE "+migrations.Table+" SET version = ?", latest+1)
	before := dsChecksums(t, db)
	_, err = backfill.Run(context.Background(), db.SQL, backfill.Options{})
	if !errors.Is(err, migrations.ErrNewer) {
		t.Fatalf("upgrade on a newer ledger: %v, want ErrNewer", err)
	}
	sameTables(t, db, before, "refused upgrade")
}

// TestUpgradeNeedsNoDDLWhenLedgerIsCurrent runs a second upgrade as a user
// without CREATE/ALTER/DROP: with the ledger current, it must not send DDL.
func TestUpgradeNeedsNoDDLWhenLedgerIsCurrent(t *testing.T) {
	db := generated(t, 2, 50)
	upgrade(t, db, backfill.Options{})
	user := "dsmt_noddl_" + db.Name[len(db.Name)-8:]
	db.Exec(t, "CREATE USER '"+user+"'@'%' IDENTIFIED BY 'x'")
	t.Cleanup(func() { db.SQL.Exec("DROP USER '" + user + "'@'%'") })
	db.Exec(t, "GRANT SELECT, INSERT, UPDATE, DELETE ON `"+db.Name+"`.* TO '"+user+"'@'%'")
	cfg := db.Config.Clone()
	cfg.User, cfg.Passwd = user, "x"
	limited, err := sqlOpen(cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer limited.Close()
	if _, err := backfill.Run(context.Background(), limited, backfill.Options{}); err != nil {
		t.Fatalf("second upgrade without DDL privileges: %v", err)
	}
}

// TestLostLockIsFenced kills the run lock's connection at seeded moments of
// an upgrade and starts a second upgrade at once: the first must stop with
// the fencing error (or finish before the takeover), the second must finish,
// neither may fail with a database error, and the rows must equal an
// uninterrupted twin's; rollback then restores the originals byte-exact.
func TestLostLockIsFenced(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	rng := testenv.CrashRand(t)
	const n, batch = 1500, 50
	twin := generated(t, 11, n)
	started := time.Now()
	upgrade(t, twin, backfill.Options{BatchSize: batch})
	full := time.Since(started)
	want := dsChecksums(t, twin)
	landed := 0
	for attempt := 0; landed < 10 && attempt < 40; attempt++ {
		db := generated(t, 11, n)
		original := dsChecksums(t, db)
		delay := time.Duration(rng.Int64N(int64(full)*8/10)) + 10*time.Millisecond
		first := make(chan error, 1)
		p := pool(t, db)
		go func() {
			_, err := backfill.Run(context.Background(), p, backfill.Options{BatchSize: batch})
			first <- err
		}()
		time.Sleep(delay)
		holder := queryInt(t, db.SQL, "SELECT IS_USED_LOCK(?)", runlock.Name(db.Name))
		if holder == 0 {
			if err := <-first; err != nil {
				t.Fatalf("attempt %d: uninterrupted upgrade: %v", attempt, err)
			}
			continue // finished before the kill
		}
		if _, err := db.SQL.Exec("KILL CONNECTION ?", holder); err != nil {
			t.Fatalf("kill lock connection %d: %v", holder, err)
		}
		var secondErr error
		for try := 0; try < 100; try++ { // the server frees the lock as the killed connection closes
			_, secondErr = backfill.Run(context.Background(), pool(t, db), backfill.Options{BatchSize: batch})
			var held *runlock.HeldError
			if !errors.As(secondErr, &held) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		firstErr := <-first
		if secondErr != nil {
			t.Fatalf("attempt %d (kill after %v): second upgrade: %v", attempt, delay, secondErr)
		}
		if firstErr != nil && !errors.Is(firstErr, ledger.ErrFenced) {
			t.Fatalf("attempt %d (kill after %v): fenced upgrade failed with %v, want ErrFenced", attempt, delay, firstErr)
		}
		landed++
		t.Logf("kill %d after %v: first upgrade: %v", landed, delay, firstErr)
		sameTables(t, db, want, "after a lost lock and a second upgrade")
		rollback(t, db, ledger.RollbackOptions{})
		sameTables(t, db, original, "rollback after a fenced run")
	}
	if landed < 10 {
		t.Fatalf("only %d kills landed while upgrade ran", landed)
	}
}
