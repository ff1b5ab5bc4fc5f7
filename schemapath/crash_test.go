package schemapath_test

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/testenv"
	"github.com/dsmigrate/dsmigrate/ledger"
)

// real209 loads DS's real 2.0.9 DDL, the fixture catalogue and n generated
// instances and commands.
func real209(t *testing.T, n int) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	ctx := context.Background()
	if err := fixtures.LoadCatalogue(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	if _, err := fixtures.Generate(ctx, db.SQL, fixtures.GenOptions{Instances: n, Commands: n, ErrorCommands: n / 20, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	return db
}

// where says how far the schema path and the data passes got.
func where(db *sql.DB) string {
	var v sql.NullInt64
	var dirty sql.NullBool
	db.QueryRow("SELECT version, dirty FROM dsmigrate_schema_path_migrations").Scan(&v, &dirty)
	var cp sql.NullString
	db.QueryRow(`SELECT GROUP_CONCAT(CONCAT(table_name, '@', last_id, IF(done, ' done', '')) SEPARATOR ', ') FROM dsmigrate_checkpoint`).Scan(&cp)
	return fmt.Sprintf("schema path at %d (dirty %v); checkpoints: %s", v.Int64, dirty.Bool, cp.String)
}

// TestKillNineDuringUpgradeTo kills `dsmigrate upgrade --to 3.3.0` on a
// 2.0.9 database at random moments (at least 10 kills), reruns it to the
// end, and compares schema and data with an uninterrupted run.
func TestKillNineDuringUpgradeTo(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	rng := testenv.CrashRand(t)
	bin := testenv.BuildCLI(t)
	const n = 8000
	args := func(db *dbtest.DB) []string {
		return []string{"upgrade", "--to", "3.3.0", "--dsn", db.DSN(), "--batch-size", "100", "--progress=false",
			"--orphans", "finalize", "--ignore-heartbeats"}
	}

	clean := real209(t, n)
	started := time.Now()
	if out, err := exec.Command(bin, args(clean)...).CombinedOutput(); err != nil && !isExit(err, 1) {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	full := time.Since(started)
	t.Logf("uninterrupted run: %v", full)

	crashed := real209(t, n)
	// Kill at random moments until at least 10 kills landed, at least 3 of
	// them in the data passes (after the schema path), or the work ran out.
	kills, inData, finished := 0, 0, false
	for attempt := 0; (kills < 10 || inData < 3) && !finished && attempt < 200; attempt++ {
		delay := time.Duration(rng.Int64N(int64(full/10))) + 30*time.Millisecond
		killed, stderr, err := testenv.KillAfter(bin, delay, args(crashed)...)
		switch {
		case killed:
			kills++
			at := where(crashed.SQL)
			if strings.Contains(at, "@") {
				inData++
			}
			t.Logf("kill %d after %v: %s", kills, delay, at)
		case err != nil && !isExit(err, 1) && !isExit(err, 3):
			t.Fatalf("run after a kill failed: %v\n%s", err, stderr)
		case err == nil || isExit(err, 1):
			t.Logf("attempt %d finished before its kill (%v)", attempt, delay)
			finished = true
		}
	}
	if kills < 10 {
		t.Fatalf("only %d kills landed while upgrade ran", kills)
	}
	if inData == 0 {
		t.Fatalf("no kill landed in the data passes (%d kills)", kills)
	}
	t.Logf("%d kills, %d of them in the data passes", kills, inData)
	for try := 0; ; try++ {
		out, err := exec.Command(bin, args(crashed)...).CombinedOutput()
		if isExit(err, 3) && try < 50 {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if err != nil && !isExit(err, 1) {
			t.Fatalf("final run: %v\n%s", err, out)
		}
		break
	}
	t.Logf("final: %s", where(crashed.SQL))

	sClean, sCrashed := schemaOf(t, clean.SQL), schemaOf(t, crashed.SQL)
	if d := diffSchemas(sClean, sCrashed); len(d) > 0 {
		t.Errorf("schema differs from the uninterrupted run's:\n%s", strings.Join(d, "\n"))
	}
	for k, n := range diffData(t, clean.SQL, crashed.SQL, sClean) {
		if _, ok := wallClock[k]; !ok {
			t.Errorf("data: %s differs from the uninterrupted run's in %d rows", k, n)
		}
	}
	for _, db := range []*dbtest.DB{clean, crashed} {
		var v string
		db.SQL.QueryRow("SELECT version FROM t_ds_version").Scan(&v)
		if v != "3.3.0" {
			t.Errorf("t_ds_version = %q", v)
		}
	}
	if _, err := ledger.ReadStatus(context.Background(), crashed.SQL); err != nil {
		t.Errorf("status after the crashes: %v", err)
	}
}

func isExit(err error, code int) bool {
	ee, ok := err.(*exec.ExitError)
	return ok && ee.ExitCode() == code
}
