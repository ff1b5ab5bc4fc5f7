package backfill_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
	"github.com/dsmigrate/dsmigrate/ledger"
)

// generated loads the catalogue plus a generated dataset.
func generated(t *testing.T, seed int64, n int) *dbtest.DB {
	t.Helper()
	db := catalogue(t)
	_, err := fixtures.Generate(context.Background(), db.SQL, fixtures.GenOptions{
		Instances: n, Commands: n, ErrorCommands: n / 20, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestKillNineAnywhere kills `dsmigrate upgrade` with SIGKILL at random
// moments (at least 10 times while it runs), reruns it to completion, and
// compares the result with an uninterrupted run on the same data.
func TestKillNineAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	rng := testenv.CrashRand(t)
	bin := testenv.BuildCLI(t)
	const n, batch = 6000, "300"

	clean := generated(t, 7, n)
	started := time.Now()
	if _, err := backfill.Run(context.Background(), clean.SQL, backfill.Options{BatchSize: 300}); err != nil {
		t.Fatal(err)
	}
	full := time.Since(started)

	crashed := generated(t, 7, n)
	original := dbtest.DSChecksums(t, crashed)
	kills := 0
	for attempt := 0; kills < 10 && attempt < 60; attempt++ {
		// Each run gets a random slice of at most 1/15 of an uninterrupted run,
		// so ten kills land before the work runs out, at random points of it.
		delay := time.Duration(rng.Int64N(int64(full/15))) + 20*time.Millisecond
		killed, _, _ := testenv.KillAfter(bin, delay, "upgrade", "--dsn", crashed.DSN(), "--batch-size", batch, "--progress=false")
		if killed { // else it finished (or met the killed one's lock) before the kill
			kills++
			t.Logf("kill %d after %v; checkpoints: %s", kills, delay, checkpoints(crashed))
		}
	}
	if kills < 10 {
		t.Fatalf("only %d kills landed while upgrade ran", kills)
	}
	final := runCLI(t, bin, crashed.DSN())
	if final.Tables == nil {
		t.Fatal("final run printed no summary")
	}
	if got, want := dbtest.DSChecksums(t, crashed), dbtest.DSChecksums(t, clean); !reflect.DeepEqual(got, want) {
		for table := range want {
			if got[table] != want[table] {
				t.Errorf("%s differs from the uninterrupted run's", table)
			}
		}
	}
	if got, want := backupSet(t, crashed), backupSet(t, clean); !reflect.DeepEqual(got, want) {
		t.Errorf("backup differs from the uninterrupted run's: %d vs %d entries", len(got), len(want))
	}
	again := runCLI(t, bin, crashed.DSN())
	if n := changed(again); n != 0 {
		t.Errorf("a second complete run changed %d rows", n)
	}
	if _, err := ledger.Rollback(context.Background(), crashed.SQL, ledger.RollbackOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := dbtest.DSChecksums(t, crashed); !reflect.DeepEqual(got, original) {
		t.Error("rollback after the crashes did not restore the original tables: the backup does not hold exactly the originals")
	}
}

// runCLI runs upgrade to completion, waiting out a lock a killed run may
// still hold for a moment.
func runCLI(t *testing.T, bin, dsn string) *backfill.Summary {
	t.Helper()
	for try := 0; try < 50; try++ {
		var out, errOut bytes.Buffer
		cmd := exec.Command(bin, "upgrade", "--dsn", dsn, "--output", "json", "--progress=false")
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
			t.Fatalf("upgrade: %v\n%s", err, errOut.String())
		}
		var sum backfill.Summary
		if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
			t.Fatalf("upgrade output: %v\n%s", err, out.String())
		}
		return &sum
	}
	t.Fatal("the lock stayed held")
	return nil
}

// backupSet lists the backup entries without run or row ids of the ledger.
func backupSet(t *testing.T, db *dbtest.DB) []string {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT CONCAT_WS('|', table_name, row_id, column_name, action, COALESCE(checksum, 'null'))
FROM dsmigrate_backup ORDER BY table_name, row_id, column_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// checkpoints summarises where the interrupted run stands.
func checkpoints(db *dbtest.DB) string {
	var s sql.NullString
	db.SQL.QueryRow(`SELECT GROUP_CONCAT(CONCAT(table_name, '@', last_id, IF(done, ' done', '')) ORDER BY updated_at SEPARATOR ', ') FROM dsmigrate_checkpoint`).Scan(&s)
	if !s.Valid {
		return "none yet"
	}
	return s.String
}
