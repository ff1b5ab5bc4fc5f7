package main

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
)

// TestPostgresCommands: on DS's real 2.0.9 PostgreSQL schema with the
// catalogue, inspect and verify run (URL and key=value DSN); upgrade --to
// and plan --to refuse up front naming DS's own upgrader, writing nothing;
// upgrade exits 3 naming the holder while another session holds the run
// lock (a PostgreSQL advisory lock), then runs (exit 1: the catalogue has
// refused rows); status is clean; rollback puts every DS table back
// byte-exact (md5 of each table's rows).
func TestPostgresCommands(t *testing.T) {
	pg := dbtest.NewPG(t)
	pg.LoadDSPG(t, "")
	if err := fixtures.LoadCatalogue(context.Background(), pg.SQL); err != nil {
		t.Fatal(err)
	}
	host, port := pg.PG.HostPort()
	keyValue := "host=" + host + " port=" + port + " user=" + pg.PG.User() + " password=" + pg.PG.Password() +
		" dbname=" + pg.Name + " sslmode=disable"
	for _, dsn := range []string{pg.URL(), keyValue} {
		code, out, errOut := dsm(t, "inspect", "--dsn", dsn, "-o", "json")
		var rep struct {
			Backup    string `json:"backup_command"`
			Shape     string `json:"shape"`
			Inventory struct {
				Instances struct{ Total int64 } `json:"instances"`
			} `json:"inventory"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Shape != "2.0" || rep.Inventory.Instances.Total == 0 {
			t.Fatalf("inspect on PostgreSQL: exit %d, %s %q", code, out, errOut)
		}
		if strings.Contains(out+errOut, pg.PG.Password()) {
			t.Errorf("inspect output shows the password")
		}
		if !strings.HasPrefix(rep.Backup, "pg_dump -Fc -h "+host+" -p "+port) || !strings.HasSuffix(rep.Backup, " "+pg.Name) {
			t.Errorf("backup command %q", rep.Backup)
		}
	}
	if code, out, errOut := dsm(t, "verify", "--dsn", pg.URL(), "-o", "json"); code != 1 || !strings.Contains(out, `"replayable": false`) {
		t.Errorf("verify on PostgreSQL: exit %d (want 1: the catalogue has findings) %q %q", code, out[:min(len(out), 300)], errOut)
	}
	for _, args := range [][]string{{"upgrade", "--to", "3.3.0"}, {"plan", "--to", "3.3.0"}} {
		code, _, errOut := dsm(t, append(args, "--dsn", pg.URL())...)
		if code != exitUsage || !strings.Contains(errOut, "DolphinScheduler's own upgrader") || !strings.Contains(errOut, "then run `dsmigrate upgrade`") {
			t.Errorf("%v on PostgreSQL: exit %d, %q", args, code, errOut)
		}
	}
	var ledger int
	pg.SQL.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'dsmigrate%'").Scan(&ledger)
	var version string
	pg.SQL.QueryRow("SELECT version FROM t_ds_version").Scan(&version)
	if ledger != 0 || version != "2.0.9" {
		t.Errorf("refused commands wrote: %d ledger tables, version row %q", ledger, version)
	}

	before := dbtest.PGTableDigests(t, pg)
	lock, err := runlock.Acquire(context.Background(), pg.SQL, pg.Name)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := dsm(t, "upgrade", "--dsn", pg.URL(), "--progress=false")
	lock.Release()
	if code != exitLocked || !strings.Contains(errOut, "another dsmigrate run holds the lock") || !strings.Contains(errOut, "pid ") {
		t.Errorf("upgrade under another session's lock: exit %d, %q; want 3 naming the holder", code, errOut)
	}
	if code, out, errOut := dsm(t, "plan", "--dsn", pg.URL(), "--progress=false"); code != exitFindings || !strings.Contains(out, "REFUSED") {
		t.Errorf("plan on PostgreSQL: exit %d\n%s\n%s", code, out, errOut)
	}
	if got := dbtest.PGTableDigests(t, pg); !reflect.DeepEqual(got, before) {
		t.Fatal("plan wrote to DS tables")
	}
	code, out, errOut := dsm(t, "upgrade", "--dsn", pg.URL(), "--progress=false", "-o", "json")
	var sum struct {
		RunID        int64 `json:"run_id"`
		RefusedTotal int64 `json:"refused_total"`
	}
	if code != exitFindings || json.Unmarshal([]byte(out), &sum) != nil || sum.RunID == 0 || sum.RefusedTotal == 0 {
		t.Fatalf("upgrade on PostgreSQL: exit %d\n%.400s\n%s", code, out, errOut)
	}
	if code, out, errOut := dsm(t, "status", "--dsn", pg.URL()); code != exitOK {
		t.Errorf("status after upgrade: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, errOut := dsm(t, "rollback", "--dsn", pg.URL()); code != exitOK {
		t.Fatalf("rollback on PostgreSQL: exit %d\n%s\n%s", code, out, errOut)
	}
	if got := dbtest.PGTableDigests(t, pg); !reflect.DeepEqual(got, before) {
		for table, sum := range before {
			if got[table] != sum {
				t.Errorf("after rollback %s differs from before the upgrade", table)
			}
		}
	}
	t.Logf("PostgreSQL: upgrade run %d refused %d rows; rollback restored %d DS tables byte-exact", sum.RunID, sum.RefusedTotal, len(before))
}
