package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
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

// TestRepairOnPostgres: repair on the 3.3 shape DS's own PostgreSQL scripts
// produce: the dry run writes nothing, --apply moves a failover error command
// back and resubmits a REPEAT_RUNNING one, a second --apply has nothing to
// do, and rollback --run restores every DS table byte-exact.
func TestRepairOnPostgres(t *testing.T) {
	db := dbtest.NewPG(t)
	db.LoadDSPG(t, "")
	base, err := os.ReadFile("../../repair/testdata/repair-legacy.sql")
	if err != nil {
		t.Fatal(err)
	}
	// The file is written for MySQL's backslash escapes ('\\"' is \");
	// PostgreSQL's standard strings take backslashes as they are.
	db.Exec(t, strings.ReplaceAll(string(base), `\\`, `\`))
	db.Exec(t, `INSERT INTO t_ds_error_command (id, command_type, executor_id, process_definition_code, process_definition_version, process_instance_id,
  command_param, message, update_time, task_depend_type, failure_strategy, warning_type, process_instance_priority, worker_group) VALUES
(4, 7, 1, 10002, 0, 0, '{"ProcessInstanceId":3}', 'rerun failed', '2024-03-01 10:00:00', 2, 1, 0, 2, NULL)`)
	db.UpgradeDSPG(t, "3.3.0")
	db.Exec(t, `UPDATE t_ds_workflow_instance SET state = 18 WHERE id = 1`)
	db.Exec(t, `INSERT INTO t_ds_error_command (id, command_type, executor_id, workflow_definition_code, workflow_definition_version, workflow_instance_id,
  command_param, task_depend_type, failure_strategy, warning_type, update_time, workflow_instance_priority, worker_group, tenant_code, environment_code, message, dry_run, test_flag)
VALUES (101, 2, 1, 10002, 1, 1, '{"commandType":"RECOVER_TOLERANCE_FAULT","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null,"workflowExecutionStatus":"RUNNING_EXECUTION"}',
  2, 1, 0, '2024-03-02 08:00:00', 2, 'default', 'default', -1, 'java.lang.IllegalArgumentException: Invalid command param', 0, 0)`)
	dsn := db.URL()
	before := dbtest.PGTableDigests(t, db)

	code, out, errOut := dsm(t, "repair", "--dsn", dsn)
	if code != exitOK || !strings.Contains(out, "would move error command 101 back as command 101") {
		t.Fatalf("repair (dry run) on PostgreSQL: exit %d\n%s\n%s", code, out, errOut)
	}
	if !reflect.DeepEqual(dbtest.PGTableDigests(t, db), before) {
		t.Fatal("the dry run wrote")
	}
	code, out, errOut = dsm(t, "repair", "--dsn", dsn, "--apply", "--ignore-heartbeats", "--resubmit", "4,101", "-o", "json")
	var applied struct {
		RunID *int64 `json:"run_id"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &applied) != nil || applied.RunID == nil {
		t.Fatalf("repair --apply on PostgreSQL: exit %d\n%s\n%s", code, out, errOut)
	}
	var typ, inst int
	if err := db.SQL.QueryRow("SELECT command_type, workflow_instance_id FROM t_ds_command WHERE id = 4").Scan(&typ, &inst); err != nil || typ != 7 || inst != 3 {
		t.Errorf("resubmitted command 4: type %d instance %d (%v); want 7, 3", typ, inst, err)
	}
	var left int
	db.SQL.QueryRow("SELECT COUNT(*) FROM t_ds_error_command WHERE id IN (4, 101)").Scan(&left)
	if left != 0 {
		t.Errorf("%d moved rows still in t_ds_error_command", left)
	}
	// DS's next command draws a fresh id: the sequence moved past 101.
	var next int64
	if err := db.SQL.QueryRow(`INSERT INTO t_ds_command (command_type, workflow_definition_code, executor_id, update_time) VALUES (0, 10002, 1, now()) RETURNING id`).Scan(&next); err != nil || next <= 101 {
		t.Errorf("DS's next command: id %d, %v; want above 101", next, err)
	}
	db.Exec(t, `DELETE FROM t_ds_command WHERE id = $1`, next)
	code, out, errOut = dsm(t, "repair", "--dsn", dsn, "--apply", "--ignore-heartbeats", "--resubmit", "4,101")
	if code != exitOK || !strings.Contains(out, "nothing to do") {
		t.Fatalf("second repair --apply: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, errOut = dsm(t, "watch", "--once", "--dsn", dsn); code != exitOK && code != exitFindings || strings.Contains(errOut, "SQLSTATE") {
		t.Errorf("watch --once on PostgreSQL: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, errOut = dsm(t, "status", "--dsn", dsn); code != exitOK {
		t.Errorf("status after repair on PostgreSQL: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, errOut = dsm(t, "rollback", "--dsn", dsn, "--run", fmt.Sprint(*applied.RunID)); code != exitOK {
		t.Fatalf("rollback --run %d: exit %d\n%s\n%s", *applied.RunID, code, out, errOut)
	}
	if got := dbtest.PGTableDigests(t, db); !reflect.DeepEqual(got, before) {
		for table, sum := range before {
			if got[table] != sum {
				t.Errorf("after rollback %s differs from before repair", table)
				rows, _ := db.SQL.Query("SELECT t::text FROM " + table + " t")
				for rows.Next() {
					var r string
					rows.Scan(&r)
					t.Log(r)
				}
				rows.Close()
			}
		}
	}
}
