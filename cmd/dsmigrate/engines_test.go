package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
)

// TestPostgresReadOnlyWorksWritesRefused: on DS's real 2.0.9 PostgreSQL
// schema with the catalogue, inspect and verify run (URL and key=value DSN);
// upgrade, plan, status, rollback and repair refuse up front with exit 2,
// and upgrade --to names DS's own upgrader. Nothing is written: no ledger
// table appears and the version row stays.
func TestPostgresReadOnlyWorksWritesRefused(t *testing.T) {
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
	for _, args := range [][]string{{"upgrade"}, {"plan"}, {"status"}, {"rollback"}, {"repair"}, {"repair", "--apply"}} {
		code, _, errOut := dsm(t, append(args, "--dsn", pg.URL())...)
		if code != exitUsage || !strings.Contains(errOut, "not yet supported on PostgreSQL; read-only commands work") {
			t.Errorf("%v on PostgreSQL: exit %d, %q", args, code, errOut)
		}
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
}
