package watch_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/runlock"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/verify"
	"github.com/dsmigrate/dsmigrate/watch"
)

// The cluster below is DS's real schema: 2.0.9 DDL + legacy rows, DS's own
// upgrade scripts to 3.3.0, then SQL doing what a live 3.3 cluster leaves
// behind (reference §3.7): instance 1 failed over by a master that died
// (host 10.0.0.9, no registry entry), its typed failover command moved to
// t_ds_error_command as 101; instance 2 at 18 too, but its host 10.0.0.5 is
// a master with a fresh heartbeat in the JDBC registry.
const liveCluster = `
UPDATE t_ds_workflow_instance SET state = 18, host = '10.0.0.9:5678', update_time = '2024-03-02 08:00:00' WHERE id = 1;
UPDATE t_ds_workflow_instance SET state = 18, host = '10.0.0.5:5678', update_time = '2024-03-02 08:00:00' WHERE id = 2;
INSERT INTO t_ds_error_command (id, command_type, executor_id, workflow_definition_code, workflow_definition_version,
  workflow_instance_id, command_param, task_depend_type, failure_strategy, warning_type, warning_group_id, schedule_time, start_time, update_time,
  workflow_instance_priority, worker_group, tenant_code, environment_code, message, dry_run, test_flag) VALUES
(101, 2, 1, 10002, 1, 1, '{"commandType":"RECOVER_TOLERANCE_FAULT","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null,"workflowExecutionStatus":"READY_PAUSE"}',
 2, 1, 0, NULL, NULL, NULL, '2024-03-02 08:00:00', 2, 'default', 'default', -1,
 'java.lang.IllegalArgumentException: Invalid command param : {"StartParams":"{\"dt\":\"2024-03-01\"}"}', 0, 0);
INSERT INTO t_ds_jdbc_registry_client_heartbeat (id, client_name, last_heartbeat_time, connection_config) VALUES
(7, '10.0.0.5_4242', UNIX_TIMESTAMP() * 1000, '{}');
INSERT INTO t_ds_jdbc_registry_data (data_key, data_value, data_type, client_id) VALUES
('/nodes/master/10.0.0.5:5678', '{"host":"10.0.0.5","port":5678,"serverStatus":"NORMAL"}', 'EPHEMERAL', 7);
`

func dsCluster(t *testing.T, master string) *dbtest.DB {
	t.Helper()
	return dsClusterAt(t, "3.3.0", master)
}

// dsClusterAt builds the cluster's database on DS's schema at version target.
func dsClusterAt(t *testing.T, target, master string) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	base, err := os.ReadFile("../repair/testdata/repair-legacy.sql") // the legacy rows repair tests use
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(base))
	db.UpgradeDS(t, target)
	// DS's scripts bump update_time; a cluster's rows are older than a round.
	instances := "t_ds_workflow_instance"
	if target < "3.3" {
		instances = "t_ds_process_instance"
	}
	db.Exec(t, "UPDATE "+instances+" SET update_time = '2024-03-02 08:00:00'")
	if master != "" {
		db.Exec(t, master)
	}
	return db
}

func opts(repair bool) watch.Options {
	return watch.Options{Grace: time.Minute, Repair: repair, IDLimit: 5}
}

func once(t *testing.T, db *dbtest.DB, o watch.Options) *watch.Round {
	t.Helper()
	r, err := watch.Once(context.Background(), db.SQL, o)
	if err != nil {
		t.Fatalf("round: %v", err)
	}
	return r
}

func finding(r *watch.Round, check string) *watch.Finding {
	for i := range r.Findings {
		if r.Findings[i].Check == check {
			return &r.Findings[i]
		}
	}
	return nil
}

// TestWatchFindsAndRepairsStuckInstances walks the whole life of a stuck
// instance: found read-only (nothing written, counted in /metrics, same
// instances as verify's V02), repair skipped while another run holds the
// lock, repaired after the grace period except the one a live master owns,
// that one repaired once its master is gone, then nothing left to find.
func TestWatchFindsAndRepairsStuckInstances(t *testing.T) {
	ctx := context.Background()
	db := dsCluster(t, liveCluster)
	before := dbtest.DSChecksums(t, db)

	m := watch.NewMetrics()
	o := opts(false)
	o.Metrics = m
	r := once(t, db, o)
	if r.Healthy() || r.StuckFailover != 2 || r.ErrorCommands != 1 || r.ErrorFailover != 1 || r.Repair != nil {
		t.Fatalf("first round: %+v", r)
	}
	if f := finding(r, watch.CheckStuckFailover); f == nil || !reflect.DeepEqual(f.IDs, []int64{1, 2}) || !strings.Contains(f.Fix, "dsmigrate repair --apply") {
		t.Errorf("stuck finding %+v", f)
	}
	if f := finding(r, watch.CheckErrorFailover); f == nil || !reflect.DeepEqual(f.IDs, []int64{101}) {
		t.Errorf("error failover finding %+v", f)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		t.Fatal("watch without --repair wrote to DS tables")
	}
	if n := len(dbtest.ChecksumsLike(t, db, `dsmigrate\_%`)); n != 0 {
		t.Fatalf("watch without --repair created %d dsmigrate tables", n)
	}
	body := scrape(t, m, "/metrics")
	for _, want := range []string{"dsmigrate_stuck_failover_instances 2", "dsmigrate_error_failover_commands 1", "dsmigrate_error_commands 1",
		"dsmigrate_check_errors_total 0", "dsmigrate_check_duration_seconds_count 1", `dsmigrate_repairs_total{result="repaired"} 0`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if h := scrape(t, m, "/healthz"); !strings.HasPrefix(h, "ok") {
		t.Errorf("/healthz %q", h)
	}
	// One model: watch's stuck instances are verify's V02 "no pending failover command".
	if got := v02Stuck(t, db); !reflect.DeepEqual(got, []int64{1, 2}) {
		t.Errorf("verify V02 stuck %v, watch found [1 2]", got)
	}

	// Another dsmigrate run holds the lock: the repair is skipped, counted, nothing written.
	lock, err := runlock.Acquire(ctx, db.SQL, db.Name)
	if err != nil {
		t.Fatal(err)
	}
	o = opts(true)
	o.Metrics = m
	r = once(t, db, o)
	lock.Release()
	if r.Repair == nil || r.Repair.Result != watch.RepairLocked || len(r.Repair.Repaired) != 0 || !strings.Contains(r.Repair.Skipped, "run lock") {
		t.Fatalf("round under a held lock: %+v", r.Repair)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		t.Fatal("a skipped repair wrote to DS tables")
	}

	// Lock free: 1 is repaired; 2 is left to its live master.
	r = once(t, db, o)
	if r.Repair == nil || !reflect.DeepEqual(r.Repair.Repaired, []int64{1}) || r.Repair.RunID == 0 {
		t.Fatalf("repair round: %+v", r.Repair)
	}
	if why := r.Repair.Guarded[2]; !strings.Contains(why, "10.0.0.5:5678 is a live master") {
		t.Errorf("instance 2 not guarded: %+v", r.Repair.Guarded)
	}
	if n := countRows(t, db, "SELECT COUNT(*) FROM t_ds_command WHERE command_type = 2 AND workflow_instance_id = 1"); n != 1 {
		t.Errorf("instance 1 has %d pending failover commands, want 1", n)
	}
	body = scrape(t, m, "/metrics")
	for _, want := range []string{`dsmigrate_repairs_total{result="repaired"} 1`, `dsmigrate_repairs_total{result="skipped_locked"} 1`,
		`dsmigrate_repairs_total{result="skipped_live_master"} 2`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, grepLines(body, "dsmigrate_repairs_total"))
		}
	}

	// The master of 10.0.0.5 dies (heartbeat two minutes old): 2 is repaired too.
	db.Exec(t, "UPDATE t_ds_jdbc_registry_client_heartbeat SET last_heartbeat_time = last_heartbeat_time - 600000")
	r = once(t, db, o)
	if r.StuckFailover != 1 || r.Repair == nil || !reflect.DeepEqual(r.Repair.Repaired, []int64{2}) {
		t.Fatalf("round after the master died: stuck %d, repair %+v", r.StuckFailover, r.Repair)
	}

	// Nothing stuck any more. The repaired commands wait for a master; none
	// runs here, so after the grace period they are stale pending commands.
	r = once(t, db, opts(true))
	if r.StuckFailover != 0 || finding(r, watch.CheckStuckFailover) != nil || finding(r, watch.CheckErrorFailover) != nil ||
		len(r.Candidates) != 0 || r.ErrorFailover != 0 {
		t.Fatalf("round after the repairs: %+v", r)
	}
	if f := finding(r, watch.CheckStalePending); f == nil || f.Count != 2 {
		t.Errorf("stale pending finding %+v, want the 2 failover commands no master took", f)
	}

	// The repairs are repair's: ledger runs rollback undoes, byte-exact, and
	// the instances are stuck again.
	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{}); err != nil {
		t.Fatalf("rollback of watch's repair runs: %v", err)
	}
	after := dbtest.DSChecksums(t, db)
	for _, table := range []string{"t_ds_command", "t_ds_error_command", "t_ds_workflow_instance"} {
		if after[table] != before[table] {
			t.Errorf("%s differs after rollback", table)
		}
	}
	if r = once(t, db, opts(false)); r.StuckFailover != 2 {
		t.Errorf("after rollback: stuck %d, want 2", r.StuckFailover)
	}
}

// TestWatchFindsNewUnparseableParams: params written since the last round
// that a 3.3 master cannot parse are found once, with verify's fix, as is
// the error-command table's growth; a grace period keeps a fresh instance
// at 18 out of the stuck count.
func TestWatchFindsNewUnparseableParams(t *testing.T) {
	db := dsCluster(t, "")
	c := watch.NewChecker(db.SQL, opts(false))
	ctx := context.Background()
	r, err := c.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Unparseable != 0 || !r.Healthy() {
		t.Fatalf("first round (legacy rows are older than the lookback): %+v", r)
	}
	// A 2.0 API server still running writes a legacy start command; a master
	// fails over instance 3 right now (within the grace period).
	db.Exec(t, `INSERT INTO t_ds_command (id, command_type, workflow_definition_code, workflow_definition_version, workflow_instance_id,
  command_param, task_depend_type, failure_strategy, warning_type, update_time, workflow_instance_priority, worker_group, executor_id) VALUES
(500, 0, 10002, 1, 0, '{"StartParams":"{\\"dt\\":\\"2024-03-01\\"}"}', 2, 1, 0, CURRENT_TIMESTAMP, 2, 'default', 1);
UPDATE t_ds_workflow_instance SET state = 18, command_param = 'not json' WHERE id = 3;
INSERT INTO t_ds_error_command (id, command_type, workflow_definition_code, workflow_instance_id, update_time, message)
VALUES (77, 9, 10002, 2, CURRENT_TIMESTAMP, 'Cannot find ICommandHandler for commandType: null');`)
	// update_time has one-second resolution: a row written in the second a
	// round starts is checked again by the next round (never missed).
	time.Sleep(1100 * time.Millisecond)
	r, err = c.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Unparseable != 2 || r.StuckFailover != 0 || r.InGrace != 1 {
		t.Fatalf("second round: unparseable %d, stuck %d, in grace %d; %+v", r.Unparseable, r.StuckFailover, r.InGrace, r.Findings)
	}
	if f := finding(r, watch.CheckErrorGrowth); f == nil || f.Count != 1 || !reflect.DeepEqual(f.IDs, []int64{77}) || r.ErrorCommands != 1 {
		t.Errorf("error command growth: %+v (table size %d)", f, r.ErrorCommands)
	}
	var tables []string
	for _, f := range r.Findings {
		if f.Check == watch.CheckUnparseable {
			tables = append(tables, fmt.Sprintf("%s %v %s", f.Table, f.IDs, f.Fix))
		}
	}
	want := []string{"instance [3] none (manual): command_param is not a JSON object dsmigrate can type (upgrade refuses it); replace it, e.g. with {}",
		"command [500] dsmigrate upgrade"}
	if !reflect.DeepEqual(tables, want) {
		t.Errorf("unparseable findings %q, want %q", tables, want)
	}
	if r, err = c.Check(ctx); err != nil || r.Unparseable != 0 || r.ErrorGrowth != 0 {
		t.Errorf("third round found the same rows again: %v %+v", err, r)
	}
}

func v02Stuck(t *testing.T, db *dbtest.DB) []int64 {
	t.Helper()
	var ids []int64
	_, err := verify.Run(context.Background(), db.SQL, verify.Options{OnFinding: func(f verify.Finding) error {
		if f.Rule == verify.V02 && strings.Contains(f.Message, "without a pending failover command") {
			ids = append(ids, f.ID)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func scrape(t *testing.T, m *watch.Metrics, path string) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func countRows(t *testing.T, db *dbtest.DB, q string) int64 {
	t.Helper()
	var n int64
	if err := db.SQL.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestWatchDoesNotRetryRefusedRepairs: an instance repair refuses (its param
// is not a JSON object) is not retried every round, which would add a ledger
// run per round forever.
func TestWatchDoesNotRetryRefusedRepairs(t *testing.T) {
	db := dsCluster(t, `UPDATE t_ds_workflow_instance SET state = 18, command_param = 'not json', update_time = '2024-03-02 08:00:00' WHERE id = 1`)
	c := watch.NewChecker(db.SQL, opts(true))
	r, err := c.Round(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Repair == nil || len(r.Repair.Refused) != 1 || r.Repair.Refused[1] == "" || len(r.Repair.Repaired) != 0 {
		t.Fatalf("first round: %+v", r.Repair)
	}
	runs := countRows(t, db, "SELECT COUNT(*) FROM dsmigrate_run")
	r, err = c.Round(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.StuckFailover != 1 || !reflect.DeepEqual(r.Repair.RefusedBefore, []int64{1}) || len(r.Candidates) != 0 {
		t.Errorf("second round: stuck %d, %+v", r.StuckFailover, r.Repair)
	}
	if n := countRows(t, db, "SELECT COUNT(*) FROM dsmigrate_run"); n != runs {
		t.Errorf("ledger runs %d after the second round, %d after the first", n, runs)
	}
}

// TestWatchOnThe32Shape: on a 3.2 cluster (t_ds_process_instance,
// process_instance_id; no JDBC registry tables) the same checks and the
// same repair work through the detected schema map.
func TestWatchOnThe32Shape(t *testing.T) {
	db := dsClusterAt(t, "3.2.2", `UPDATE t_ds_process_instance SET state = 18, update_time = '2024-03-02 08:00:00' WHERE id IN (1, 2);
INSERT INTO t_ds_error_command (id, command_type, process_definition_code, process_definition_version, process_instance_id, command_param,
  failure_strategy, warning_type, update_time, process_instance_priority, message) VALUES
(101, 2, 10002, 1, 1, '{"ProcessInstanceId":1}', 1, 0, '2024-03-02 08:00:00', 2, 'failover failed');`)
	r := once(t, db, opts(false))
	if f := finding(r, watch.CheckStuckFailover); f == nil || !reflect.DeepEqual(f.IDs, []int64{1, 2}) || r.ErrorFailover != 1 {
		t.Fatalf("3.2 shape, read-only: %+v", r)
	}
	r = once(t, db, opts(true))
	if r.Repair == nil || !reflect.DeepEqual(r.Repair.Repaired, []int64{1, 2}) {
		t.Fatalf("3.2 shape, repair: %+v", r.Repair)
	}
	if r = once(t, db, opts(false)); r.StuckFailover != 0 {
		t.Errorf("3.2 shape after the repair: stuck %d", r.StuckFailover)
	}
}
