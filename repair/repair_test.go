package repair_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/dsmigrate/dsmigrate/internal/dbtest"
	"github.com/dsmigrate/dsmigrate/internal/oracle"
	"github.com/dsmigrate/dsmigrate/ledger"
	"github.com/dsmigrate/dsmigrate/repair"
	"github.com/dsmigrate/dsmigrate/verify"
)

// The tests below reproduce #16878 on DS's real schema: 2.0.9 DDL + legacy
// rows (testdata/repair-legacy.sql), DS's own upgrade scripts to 3.3.0, then
// SQL doing what a 3.3 master leaves behind (reference §3.7): the instance at
// 18 with its legacy param, the typed failover command in t_ds_error_command.

// failoverJSON is the param a 3.3 master writes (reference §3.4), with the
// raw JSON of workflowExecutionStatus (empty: the key is left out).
func failoverJSON(status string) string {
	p := `{"commandType":"RECOVER_TOLERANCE_FAULT","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null`
	if status != "" {
		p += `,"workflowExecutionStatus":` + status
	}
	return p + "}"
}

// stuck is the SQL a 3.3 master's failover leaves: the instance at 18 and
// the failover command, which the handler could not run, moved to the error
// table under its own id with every column copied (CommandEngine.bootstrapError).
func stuck(instance, errID int64, status string) string {
	s := fmt.Sprintf("UPDATE t_ds_workflow_instance SET state = 18 WHERE id = %d;\n", instance)
	if errID == 0 {
		return s
	}
	return s + errorRow(errID, instance, status)
}

// errorRow is a 3.3 failover command moved to t_ds_error_command.
func errorRow(errID, instance int64, status string) string {
	return fmt.Sprintf(`INSERT INTO t_ds_error_command (id, command_type, executor_id, workflow_definition_code, workflow_definition_version,
  workflow_instance_id, command_param, task_depend_type, failure_strategy, warning_type, warning_group_id, schedule_time, start_time, update_time,
  workflow_instance_priority, worker_group, tenant_code, environment_code, message, dry_run, test_flag) VALUES
(%d, 2, 1, 10002, 1, %d, %s, 2, 1, 0, NULL, NULL, NULL, '2024-03-02 08:00:00', 2, 'default', 'default', -1,
 'java.lang.IllegalArgumentException: Invalid command param : {"StartParams":"{\"dt\":\"2024-03-01\"}"}', 0, 0);
`, errID, instance, sqlQuote(failoverJSON(status)))
}

// pending is a failover command still in t_ds_command.
func pending(id, instance int64, status string) string {
	return fmt.Sprintf(`INSERT INTO t_ds_command (id, command_type, workflow_definition_code, workflow_definition_version, workflow_instance_id,
  command_param, task_depend_type, failure_strategy, warning_type, update_time, workflow_instance_priority, worker_group, executor_id) VALUES
(%d, 2, 10002, 1, %d, %s, 2, 1, 0, '2024-03-02 08:00:00', 2, 'default', 1);
`, id, instance, sqlQuote(failoverJSON(status)))
}

func sqlQuote(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
}

// dsWithStuckInstances builds the database of one case.
func dsWithStuckInstances(t *testing.T, legacy, master string) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	base, err := os.ReadFile("testdata/repair-legacy.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(base))
	if legacy != "" {
		db.Exec(t, legacy)
	}
	db.UpgradeDS(t, "3.3.0")
	db.Exec(t, master)
	return db
}

// want is what repair must leave for one instance at 18.
type want struct {
	status, source string
	command        int64   // id of its one pending failover command (0: not checked)
	errorsLeft     []int64 // its failover commands left in t_ds_error_command
}

type repairCase struct {
	name           string
	legacy, master string
	want           map[int64]want
}

var repairCases = []repairCase{
	{name: "status present", master: stuck(1, 101, `"READY_PAUSE"`),
		want: map[int64]want{1: {"READY_PAUSE", "error command 101", 101, nil}}},
	{name: "status missing", master: stuck(1, 101, ""),
		want: map[int64]want{1: {"RUNNING_EXECUTION", "inferred", 101, nil}}},
	{name: "status null, state_history and nothing", master: stuck(1, 101, "null") + stuck(2, 102, "null") +
		`UPDATE t_ds_workflow_instance SET state_history = '[{"time":"2024-03-01 12:00:00","state":"RUNNING_EXECUTION","desc":"init running"},{"time":"2024-03-01 12:30:00","state":"READY_STOP","desc":"stop by user"}]' WHERE id = 1;`,
		want: map[int64]want{1: {"READY_STOP", "state_history", 101, nil}, 2: {"RUNNING_EXECUTION", "inferred", 102, nil}}},
	{name: "status number", master: stuck(1, 101, "4") + stuck(2, 102, `"2"`),
		want: map[int64]want{1: {"READY_STOP", "error command 101", 101, nil}, 2: {"READY_PAUSE", "error command 102", 102, nil}}},
	{name: "status unknown name", master: stuck(1, 101, `"WAITING_THREAD"`),
		want: map[int64]want{1: {"RUNNING_EXECUTION", "inferred", 101, nil}}},
	{name: "command still pending", master: stuck(1, 0, "") + pending(7, 1, `"RUNNING_EXECUTION"`) +
		stuck(2, 0, "") + pending(8, 2, "2") + errorRow(90, 2, `"READY_STOP"`),
		want: map[int64]want{1: {"RUNNING_EXECUTION", "pending command 7", 7, nil}, 2: {"READY_STOP", "error command 90", 8, []int64{90}}}},
	{name: "2.0.9 error row without instance id",
		legacy: `INSERT INTO t_ds_error_command (id, command_type, executor_id, process_definition_code, process_definition_version, process_instance_id,
  command_param, message, update_time, task_depend_type, failure_strategy, warning_type, process_instance_priority, worker_group) VALUES
(3, 2, 1, 10002, 0, 0, '{"ProcessInstanceId":1}', 'failover failed', '2024-03-01 12:40:00', 2, 1, 0, 2, NULL);`,
		master: stuck(1, 0, ""),
		want:   map[int64]want{1: {"RUNNING_EXECUTION", "inferred", 3, nil}}},
	{name: "no failover command at all", master: stuck(1, 0, ""),
		want: map[int64]want{1: {"RUNNING_EXECUTION", "inferred", 1, nil}}},
	{name: "error id taken by a command", master: stuck(1, 101, `"READY_PAUSE"`) +
		`UPDATE t_ds_workflow_instance SET state = 0, command_param = '{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null}', test_flag = 0 WHERE id = 2;
INSERT INTO t_ds_command (id, command_type, workflow_definition_code, workflow_definition_version, workflow_instance_id, command_param, task_depend_type, failure_strategy, update_time, workflow_instance_priority)
VALUES (101, 0, 10002, 1, 2, '{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null}', 2, 1, '2024-03-02 09:00:00', 2);`,
		want: map[int64]want{1: {"READY_PAUSE", "error command 101", 102, nil}}},
	// --apply inserts instance 1's new failover command (id 102) before it
	// moves error command 101 back under a fresh id (103): the dry run must
	// name the same ids.
	{name: "new command and a move under a fresh id", master: stuck(1, 0, "") + stuck(2, 101, `"READY_PAUSE"`) +
		`INSERT INTO t_ds_command (id, command_type, workflow_definition_code, workflow_definition_version, workflow_instance_id, command_param, task_depend_type, failure_strategy, update_time, workflow_instance_priority)
VALUES (101, 0, 10002, 1, 0, '{"commandType":"START_PROCESS","subWorkflowInstance":false,"startNodes":null,"commandParams":null,"timeZone":null}', 2, 1, '2024-03-02 09:00:00', 2);`,
		want: map[int64]want{1: {"RUNNING_EXECUTION", "inferred", 102, nil}, 2: {"READY_PAUSE", "error command 101", 103, nil}}},
}

func TestRepairVariants(t *testing.T) {
	for _, c := range repairCases {
		t.Run(c.name, func(t *testing.T) { checkRepair(t, c) })
	}
}

func checkRepair(t *testing.T, c repairCase) {
	ctx := context.Background()
	db := dsWithStuckInstances(t, c.legacy, c.master)
	before := dbtest.DSChecksums(t, db)

	dry, err := repair.Run(ctx, db.SQL, repair.Options{})
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		t.Fatalf("the dry run wrote to DS tables")
	}
	if n := len(dbtest.ChecksumsLike(t, db, `dsmigrate\_%`)); n != 0 {
		t.Fatalf("the dry run created %d dsmigrate tables", n)
	}
	checkEntries(t, "dry run", dry, c.want, true)
	// verify sees the #16878 damage before the repair.
	flagged := map[int64]bool{}
	for _, f := range verifyFindings(t, db) {
		if f.Table == "instance" && f.Severity == "error" {
			flagged[f.ID] = true
		}
	}
	for inst := range c.want {
		if !flagged[inst] {
			t.Errorf("verify reports no error on stuck instance %d before the repair", inst)
		}
	}

	applied, err := repair.Run(ctx, db.SQL, repair.Options{Apply: true, BatchSize: 1, IgnoreHeartbeats: true})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	checkEntries(t, "apply", applied, c.want, true)
	if got, want := commandIDsNamed(dry), commandIDsNamed(applied); !reflect.DeepEqual(got, want) {
		t.Errorf("the dry run names commands %v, --apply used %v", got, want)
	}
	checkRepaired(t, db, c.want)
	after := dbtest.DSChecksums(t, db)

	again, err := repair.Run(ctx, db.SQL, repair.Options{Apply: true})
	if err != nil {
		t.Fatalf("second apply: %v", err)
	}
	checkEntries(t, "second apply", again, c.want, false)
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, after) {
		t.Errorf("a second --apply changed DS tables")
	}

	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{Run: *applied.RunID}); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		for table, sum := range before {
			if got[table] != sum {
				t.Errorf("after rollback %s checksum %d, before repair %d", table, got[table], sum)
			}
		}
	}
}

// commandIDsNamed lists, per instance, the command ids its actions name
// ("… back as command 103"), so a dry run can be held to what --apply did.
func commandIDsNamed(sum *repair.Summary) map[int64][]string {
	out := map[int64][]string{}
	for _, e := range sum.Repairs {
		for _, a := range e.Actions {
			out[e.Instance] = append(out[e.Instance], commandID.FindAllString(a, -1)...)
		}
	}
	return out
}

var commandID = regexp.MustCompile(`command \d+`)

// checkEntries compares the per-instance report with want; acting says
// whether actions are expected (false: a second run must do nothing).
func checkEntries(t *testing.T, label string, sum *repair.Summary, w map[int64]want, acting bool) {
	t.Helper()
	if sum.RefusedCount() != 0 {
		t.Errorf("%s: refused %v", label, sum.Refused)
	}
	if len(sum.Repairs) != len(w) {
		t.Errorf("%s: %d repairs, want %d: %+v", label, len(sum.Repairs), len(w), sum.Repairs)
	}
	for _, e := range sum.Repairs {
		ww, ok := w[e.Instance]
		if !ok {
			t.Errorf("%s: unexpected instance %d", label, e.Instance)
			continue
		}
		source := ww.source
		if !acting && !leftIn(source, ww.errorsLeft) {
			source = fmt.Sprintf("pending command %d", ww.command) // the pending command carries it now
		}
		if e.StateToRestore != ww.status || e.Source != source {
			t.Errorf("%s: instance %d restores %s from %q, want %s from %q (notes %v)", label, e.Instance, e.StateToRestore, e.Source, ww.status, source, e.Notes)
		}
		if acting != (len(e.Actions) > 0) {
			t.Errorf("%s: instance %d actions %q", label, e.Instance, e.Actions)
		}
	}
	raw, err := json.Marshal(sum)
	if err != nil || !strings.Contains(string(raw), `"repairs":[`) || !strings.Contains(string(raw), `"dry_run":`) {
		t.Errorf("%s: JSON %s (%v)", label, raw, err)
	}
}

// checkRepaired checks the database after --apply: each instance at 18 with
// exactly one pending failover command, both params parsed by the oracle
// (Jackson) as 3.3 does, and verify silent on those rows.
func checkRepaired(t *testing.T, db *dbtest.DB, w map[int64]want) {
	t.Helper()
	var cases []oracle.Case
	commands := map[int64]int64{}
	for inst, ww := range w {
		var state int
		var param *string
		if err := db.SQL.QueryRow("SELECT state, command_param FROM t_ds_workflow_instance WHERE id = ?", inst).Scan(&state, &param); err != nil {
			t.Fatal(err)
		}
		if state != 18 {
			t.Errorf("instance %d at state %d, want 18 until the master handles its failover command", inst, state)
		}
		cases = append(cases, oracle.Case{Key: oracle.Key("instance", inst), Param: param})
		rows, err := db.SQL.Query("SELECT id, command_param FROM t_ds_command WHERE command_type = 2 AND workflow_instance_id = ?", inst)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var id int64
			var p *string
			if err := rows.Scan(&id, &p); err != nil {
				t.Fatal(err)
			}
			n++
			commands[inst] = id
			cases = append(cases, oracle.Case{Key: oracle.Key("command", id), Param: p, Target: "WorkflowFailoverCommandParam"})
		}
		rows.Close()
		if n != 1 || (ww.command != 0 && commands[inst] != ww.command) {
			t.Errorf("instance %d: %d pending failover commands (last id %d), want exactly one, id %d", inst, n, commands[inst], ww.command)
		}
		var left []int64
		rows, err = db.SQL.Query("SELECT id FROM t_ds_error_command WHERE command_type = 2 AND (workflow_instance_id = ? OR command_param LIKE ?) ORDER BY id", inst, fmt.Sprintf(`%%"ProcessInstanceId":%d}%%`, inst))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			left = append(left, id)
		}
		rows.Close()
		if !reflect.DeepEqual(left, ww.errorsLeft) {
			t.Errorf("instance %d: error failover commands left %v, want %v", inst, left, ww.errorsLeft)
		}
	}
	verdicts := oracle.Parse(t, cases)
	for inst, ww := range w {
		if v := verdicts[oracle.Key("instance", inst)]; !v.OK() {
			t.Errorf("instance %d param: oracle %s %s", inst, v.Outcome, v.Error)
		}
		v := verdicts[oracle.Key("command", commands[inst])]
		var parsed struct {
			Status *string `json:"workflowExecutionStatus"`
		}
		_ = json.Unmarshal(v.Parsed, &parsed)
		if !v.OK() || v.Type != "WorkflowFailoverCommandParam" || parsed.Status == nil || *parsed.Status != ww.status {
			t.Errorf("command %d of instance %d: oracle %s %s %s, want %s", commands[inst], inst, v.Outcome, v.Type, v.Parsed, ww.status)
		}
	}
	for _, f := range verifyFindings(t, db) {
		_, inst := w[f.ID]
		mine := f.Table == "instance" && inst || f.Table == "command" && isValue(commands, f.ID)
		if mine {
			t.Errorf("verify on a repaired row: %s %s %s:%d %s", f.Rule, f.Severity, f.Table, f.ID, f.Message)
		}
	}
}

func isValue(m map[int64]int64, v int64) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

// leftIn reports whether source names an error command that stays in the error table.
func leftIn(source string, left []int64) bool {
	for _, id := range left {
		if source == fmt.Sprintf("error command %d", id) {
			return true
		}
	}
	return false
}

// TestRepairRefuses leaves alone an instance whose param cannot be typed and
// one with two pending failover commands: reported refused, nothing written.
func TestRepairRefuses(t *testing.T) {
	ctx := context.Background()
	db := dsWithStuckInstances(t, "", stuck(1, 101, `"READY_PAUSE"`)+
		"UPDATE t_ds_workflow_instance SET command_param = '[\"not\",\"a map\"]' WHERE id = 1;\n"+
		stuck(2, 0, "")+pending(7, 2, `"RUNNING_EXECUTION"`)+pending(8, 2, `"RUNNING_EXECUTION"`))
	before := dbtest.DSChecksums(t, db)
	sum, err := repair.Run(ctx, db.SQL, repair.Options{Apply: true, IgnoreHeartbeats: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.RefusedCount() != 2 || len(sum.Repairs) != 2 || sum.Repairs[0].Refused == "" || sum.Repairs[1].Refused == "" {
		t.Errorf("refused %v, repairs %+v", sum.Refused, sum.Repairs)
	}
	if got := dbtest.DSChecksums(t, db); !reflect.DeepEqual(got, before) {
		t.Error("repair wrote for refused instances")
	}
}

// TestRepairOn20Shape runs repair on the 2.0.9 shape: nothing to do on clean
// data; an instance at 18 (as `upgrade` parks them) without its failover
// command gets one, with 2.0 column names, and rollback undoes it.
func TestRepairOn20Shape(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	db.LoadDS(t, "")
	base, err := os.ReadFile("testdata/repair-legacy.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(base))
	sum, err := repair.Run(ctx, db.SQL, repair.Options{})
	if err != nil || len(sum.Repairs) != 0 || sum.Shape != "2.0" {
		t.Fatalf("clean 2.0 data: %v, %+v", err, sum)
	}
	db.Exec(t, "UPDATE t_ds_process_instance SET state = 18 WHERE id = 2")
	before := dbtest.DSChecksums(t, db)
	sum, err = repair.Run(ctx, db.SQL, repair.Options{Apply: true, IgnoreHeartbeats: true})
	if err != nil || len(sum.Repairs) != 1 || sum.Repairs[0].Source != "inferred" {
		t.Fatalf("apply: %v, %+v", err, sum)
	}
	var param string
	if err := db.SQL.QueryRow("SELECT command_param FROM t_ds_command WHERE command_type = 2 AND process_instance_id = 2").Scan(&param); err != nil ||
		!strings.Contains(param, `"workflowExecutionStatus":"RUNNING_EXECUTION"`) {
		t.Fatalf("failover command of instance 2: %q, %v", param, err)
	}
	if _, err := ledger.Rollback(ctx, db.SQL, ledger.RollbackOptions{Run: *sum.RunID}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dbtest.DSChecksums(t, db), before) {
		t.Error("rollback did not restore the 2.0 tables")
	}
}

func verifyFindings(t *testing.T, db *dbtest.DB) []verify.Finding {
	t.Helper()
	rep, err := verify.Run(context.Background(), db.SQL, verify.Options{KeepFindings: 100000})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return rep.Findings
}
