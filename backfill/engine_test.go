package backfill_test

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/backfill"
	"github.com/dsmigrate/dsmigrate/fixtures"
	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/ledger"
)

func catalogue(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	if err := fixtures.LoadLegacy(context.Background(), db.SQL); err != nil {
		t.Fatal(err)
	}
	return db
}

func upgrade(t *testing.T, db *dbtest.DB, opts backfill.Options) *backfill.Summary {
	t.Helper()
	sum, err := backfill.Run(context.Background(), db.SQL, opts)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	return sum
}

func changed(sum *backfill.Summary) int64 {
	var n int64
	for _, t := range sum.Tables {
		n += t.Changed
	}
	return n
}

// refusedIDs lists "table:id" of refused rows, sorted.
func refusedIDs(sum *backfill.Summary) []string {
	var out []string
	for _, r := range sum.Refused {
		out = append(out, r.Table+":"+strconv.FormatInt(r.ID, 10))
	}
	sort.Strings(out)
	return out
}

// The catalogue rows upgrade must refuse (catalogue.sql says why each is there).
var wantRefused = []string{
	"command:18", "command:19", // orphan definitions (unknown code, version 0)
	"command:20", "command:21", "command:22", // invalid JSON, array, scalar
	"command:24",                                                  // failover of an instance that is already FAILURE
	"command:27",                                                  // 64 KiB param that no longer fits TEXT once typed
	"command:29",                                                  // commandType RECOVER_TOLERANCE_FAULT_PROCESS: not a 3.3 type id
	"error_command:111",                                           // failover of a FAILURE instance
	"error_command:112", "error_command:113", "error_command:116", // invalid JSON, array, scalar
	"instance:26",                                              // orphan, not finished
	"instance:28", "instance:29", "instance:32", "instance:33", // invalid JSON, array, JSON null
	"instance:30", // 64 KiB param that no longer fits TEXT once typed
}

func TestUpgradeCatalogueThenIdempotentThenRollback(t *testing.T) {
	db := catalogue(t)
	before := dbtest.DSChecksums(t, db)

	refusedBefore := params(t, db)
	first := upgrade(t, db, backfill.Options{BatchSize: 7})
	if got := refusedIDs(first); !reflect.DeepEqual(got, sortedCopy(wantRefused)) {
		t.Errorf("refused rows\n got %v\nwant %v", got, sortedCopy(wantRefused))
	}
	refusedAfter := params(t, db)
	for _, key := range wantRefused {
		if refusedBefore[key] != refusedAfter[key] {
			t.Errorf("refused row %s was changed: %.80q → %.80q", key, refusedBefore[key], refusedAfter[key])
		}
	}
	if changed(first) == 0 {
		t.Fatal("first upgrade changed nothing")
	}
	a := first.Actions
	// Retired: PAUSE 12 and STOP 13 (no 3.3 handler), COMPLEMENT_DATA 10, the
	// next date of running instance 5, superseded by the instance's
	// backfillTimeList, and 17, a pending 2.0.9 sub-process command (#12.3),
	// which gets no instance.
	if a.InstancesCreated != 10 || a.CommandsRetired != 4 || a.FailoverCommandsCreated != 3 || a.InstancesParkedAt18 != 6 {
		t.Errorf("actions %+v, want 10 instances created, 4 retired, 3 failover commands, 6 parked", a)
	}
	var message string
	if err := db.SQL.QueryRow(`SELECT message FROM t_ds_error_command WHERE id = 17`).Scan(&message); err != nil ||
		!strings.Contains(message, "sub-process command of parent instance 40 (SUB_PROCESS task instance 26)") {
		t.Errorf("sub-process command 17 in t_ds_error_command: %q, %v", message, err)
	}
	after := dbtest.DSChecksums(t, db)

	second := upgrade(t, db, backfill.Options{})
	if n := changed(second); n != 0 {
		t.Errorf("second upgrade changed %d rows, want 0 (%+v)", n, second.Tables)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, after) {
		t.Errorf("second upgrade changed tables:\n%v\n%v", after, got)
	}
	assertFailoverInvariant(t, db)

	if _, err := ledger.Rollback(context.Background(), db.SQL, ledger.RollbackOptions{BatchSize: 5}); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		for table, sum := range before {
			if got[table] != sum {
				t.Errorf("after rollback %s checksum %d, before upgrade %d", table, got[table], sum)
			}
		}
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// assertFailoverInvariant: every instance at 18 has exactly one pending
// failover command, and no instance has more than one (DESIGN §4.1).
func assertFailoverInvariant(t *testing.T, db *dbtest.DB) {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT i.id, (SELECT COUNT(*) FROM t_ds_command c WHERE c.process_instance_id = i.id AND c.command_type = 2)
FROM t_ds_process_instance i WHERE i.state = 18 OR EXISTS (SELECT 1 FROM t_ds_command c WHERE c.process_instance_id = i.id AND c.command_type = 2)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, cmds int64
		if err := rows.Scan(&id, &cmds); err != nil {
			t.Fatal(err)
		}
		n++
		if cmds != 1 {
			t.Errorf("instance %d: %d pending failover commands, want exactly 1", id, cmds)
		}
	}
	if n == 0 {
		t.Error("no instance is parked at 18: the catalogue has failover cases")
	}
}

func TestPlanWritesNothing(t *testing.T) {
	db := catalogue(t)
	before := dbtest.Checksums(t, db)
	sum := upgrade(t, db, backfill.Options{DryRun: true, BatchSize: 5})
	if !sum.DryRun || sum.RunID != nil {
		t.Errorf("plan summary: dry_run %v run_id %v", sum.DryRun, sum.RunID)
	}
	if got := refusedIDs(sum); len(got) == 0 {
		t.Error("plan reports no refused rows; the catalogue has some")
	}
	if len(sum.Rules) == 0 {
		t.Error("plan reports no rules")
	}
	for name, r := range sum.Rules {
		if r.Count == 0 || len(r.Samples) > 3 {
			t.Errorf("rule %s: count %d, %d samples", name, r.Count, len(r.Samples))
		}
	}
	if got := dbtest.Checksums(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("plan wrote to the database:\nbefore %v\nafter  %v", before, got)
	}
}

func TestUpgradeFailsFastWhenLocked(t *testing.T) {
	db := catalogue(t)
	ctx := context.Background()
	lock, err := runlock.Acquire(ctx, db.SQL, db.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	_, err = backfill.Run(ctx, db.SQL, backfill.Options{})
	var held *runlock.HeldError
	if !errors.As(err, &held) {
		t.Fatalf("Run while locked: %v, want HeldError", err)
	}
}

func TestUpgradeRefusesMixedShape(t *testing.T) {
	db := catalogue(t)
	db.Exec(t, "RENAME TABLE t_ds_process_instance TO t_ds_workflow_instance")
	_, err := backfill.Run(context.Background(), db.SQL, backfill.Options{})
	if !errors.Is(err, backfill.ErrShape) {
		t.Fatalf("Run on a mixed shape: %v, want ErrShape", err)
	}
}

func TestRollbackOneRunAtATime(t *testing.T) {
	db := catalogue(t)
	ctx := context.Background()
	before := dbtest.DSChecksums(t, db)
	upgrade(t, db, backfill.Options{})
	// A later run that writes something: a new legacy row, upgraded.
	db.Exec(t, `INSERT INTO t_ds_command (id, command_type, process_definition_code, process_definition_version, process_instance_id, command_param)
VALUES (900, 7, 10001, 3, 1, '{"ProcessInstanceId":1}')`)
	mid := dbtest.DSChecksums(t, db)
	second := upgrade(t, db, backfill.Options{})
	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{Run: *second.RunID - 1}); err == nil {
		t.Fatal("rolling back run 1 under run 2 succeeded, want a refusal")
	}
	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{Run: *second.RunID}); err != nil {
		t.Fatal(err)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, mid) {
		t.Error("rollback of the second run did not restore the state between the runs")
	}
	db.Exec(t, "DELETE FROM t_ds_command WHERE id = 900")
	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		t.Error("rollback of all runs did not restore the original tables")
	}
	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{}); !errors.Is(err, ledger.ErrNothingToRollBack) {
		t.Errorf("third rollback: %v, want ErrNothingToRollBack", err)
	}
}

func TestUpgradeRefusesWhileDSServersBeat(t *testing.T) {
	db := catalogue(t)
	db.Exec(t, `CREATE TABLE t_ds_jdbc_registry_client_heartbeat (id bigint NOT NULL PRIMARY KEY, client_name varchar(256) NOT NULL,
  last_heartbeat_time bigint NOT NULL, connection_config text NOT NULL)`)
	db.Exec(t, `INSERT INTO t_ds_jdbc_registry_client_heartbeat VALUES (1, '10.0.0.7_4242', ?, '{}')`, time.Now().UnixMilli())
	_, err := backfill.Run(context.Background(), db.SQL, backfill.Options{})
	if !errors.Is(err, backfill.ErrServicesAlive) || !strings.Contains(err.Error(), "10.0.0.7_4242") {
		t.Fatalf("Run with a fresh heartbeat: %v, want ErrServicesAlive naming the client", err)
	}
	db.Exec(t, `UPDATE t_ds_jdbc_registry_client_heartbeat SET last_heartbeat_time = ?`, time.Now().Add(-time.Hour).UnixMilli())
	if _, err := backfill.Run(context.Background(), db.SQL, backfill.Options{}); err != nil {
		t.Fatalf("Run with a stale heartbeat: %v", err)
	}
}

// params returns "table:id" → the whole row as text, for the param tables.
func params(t *testing.T, db *dbtest.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for table, query := range map[string]string{
		"instance":      "SELECT id, CONCAT_WS('|', state, command_type, COALESCE(command_param, 'NULL')) FROM t_ds_process_instance",
		"command":       "SELECT id, CONCAT_WS('|', command_type, COALESCE(command_param, 'NULL')) FROM t_ds_command",
		"error_command": "SELECT id, CONCAT_WS('|', command_type, COALESCE(command_param, 'NULL')) FROM t_ds_error_command",
	} {
		rows, err := db.SQL.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var row string
			rows.Scan(&id, &row)
			out[table+":"+strconv.FormatInt(id, 10)] = row
		}
		rows.Close()
	}
	return out
}

// TestInterruptedRollbackBlocksUpgrade: a rollback killed half way leaves the
// run "rolling_back"; upgrade refuses until rollback finished it.
func TestInterruptedRollbackBlocksUpgrade(t *testing.T) {
	db := catalogue(t)
	ctx := context.Background()
	before := dbtest.DSChecksums(t, db)
	sum := upgrade(t, db, backfill.Options{})
	var options string
	db.SQL.QueryRow("SELECT options FROM dsmigrate_run WHERE id = ?", *sum.RunID).Scan(&options)
	if !strings.Contains(options, `"Orphans":"refuse"`) {
		t.Errorf("run options not recorded: %q", options)
	}
	db.Exec(t, "UPDATE dsmigrate_run SET state = 'rolling_back' WHERE id = ?", *sum.RunID)
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{}); !errors.Is(err, backfill.ErrRollbackUnfinished) {
		t.Fatalf("upgrade after an interrupted rollback: %v, want ErrRollbackUnfinished", err)
	}
	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		t.Error("finishing the interrupted rollback did not restore the original tables")
	}
}

// TestResumeKeepsOrphanPolicy: an interrupted run resumes only under the
// --orphans it was started with.
func TestResumeKeepsOrphanPolicy(t *testing.T) {
	db := catalogue(t)
	ctx := context.Background()
	sum := upgrade(t, db, backfill.Options{})
	db.Exec(t, "UPDATE dsmigrate_run SET state = 'running' WHERE id = ?", *sum.RunID)
	_, err := backfill.Run(ctx, db.SQL, backfill.Options{Orphans: backfill.OrphansFinalize})
	if err == nil || !strings.Contains(err.Error(), "--orphans=refuse") {
		t.Fatalf("resume under another orphan policy: %v, want a refusal naming --orphans=refuse", err)
	}
	if _, err := backfill.Run(ctx, db.SQL, backfill.Options{}); err != nil {
		t.Fatalf("resume under the same policy: %v", err)
	}
}
